/**
 * Names for the demo data set: companies, people, job titles, and where they are. Kept apart from the
 * generator so the generator reads as rules, not as word lists.
 */
import type { Random } from './random';

export type SalesRegion = 'NA' | 'EMEA' | 'APAC' | 'LATAM';

export interface RegionProfile {
  readonly region: SalesRegion;
  readonly timeZones: readonly string[];
  /** Legal-form suffixes for company names and the web domain suffix that goes with each. */
  readonly legal: readonly { readonly suffix: string; readonly tld: string; readonly currency: string }[];
  readonly phonePrefix: readonly string[];
  /** The cloud region this sales region's tenants are usually hosted in. */
  readonly cloudRegions: readonly string[];
}

export const regionProfiles: Readonly<Record<SalesRegion, RegionProfile>> = {
  NA: {
    region: 'NA',
    timeZones: ['America/New_York', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Toronto'],
    legal: [
      { suffix: 'Inc.', tld: 'com', currency: 'USD' },
      { suffix: 'LLC', tld: 'com', currency: 'USD' },
      { suffix: 'Corp.', tld: 'com', currency: 'USD' },
      { suffix: '', tld: 'io', currency: 'USD' },
    ],
    phonePrefix: ['+1 212', '+1 415', '+1 312', '+1 617', '+1 512', '+1 206', '+1 416'],
    cloudRegions: ['us-east-1', 'us-east-1', 'us-west-2'],
  },
  EMEA: {
    region: 'EMEA',
    timeZones: ['Europe/Berlin', 'Europe/Berlin', 'Europe/London', 'Europe/Paris', 'Europe/Amsterdam', 'Europe/Stockholm', 'Europe/Madrid'],
    legal: [
      { suffix: 'GmbH', tld: 'de', currency: 'EUR' },
      { suffix: 'Ltd', tld: 'co.uk', currency: 'GBP' },
      { suffix: 'SAS', tld: 'fr', currency: 'EUR' },
      { suffix: 'B.V.', tld: 'nl', currency: 'EUR' },
      { suffix: 'AB', tld: 'se', currency: 'EUR' },
      { suffix: 'AG', tld: 'ch', currency: 'EUR' },
      { suffix: 'Ltd', tld: 'com', currency: 'USD' },
    ],
    phonePrefix: ['+49 30', '+49 89', '+44 20', '+33 1', '+31 20', '+46 8', '+34 91'],
    cloudRegions: ['eu-west-1', 'eu-west-1', 'eu-central-1'],
  },
  APAC: {
    region: 'APAC',
    timeZones: ['Asia/Kolkata', 'Asia/Kolkata', 'Australia/Sydney', 'Australia/Sydney', 'Asia/Singapore', 'Asia/Tokyo'],
    legal: [
      { suffix: 'Pvt Ltd', tld: 'in', currency: 'USD' },
      { suffix: 'Pty Ltd', tld: 'com.au', currency: 'USD' },
      { suffix: 'Pte Ltd', tld: 'sg', currency: 'USD' },
      { suffix: 'K.K.', tld: 'jp', currency: 'USD' },
    ],
    phonePrefix: ['+91 80', '+91 22', '+61 2', '+61 3', '+65', '+81 3'],
    cloudRegions: ['ap-south-1', 'ap-southeast-2', 'ap-southeast-1'],
  },
  LATAM: {
    region: 'LATAM',
    timeZones: ['America/Sao_Paulo', 'America/Mexico_City', 'America/Bogota', 'America/Argentina/Buenos_Aires'],
    legal: [
      { suffix: 'S.A.', tld: 'com', currency: 'USD' },
      { suffix: 'Ltda.', tld: 'com.br', currency: 'USD' },
      { suffix: 'S.A. de C.V.', tld: 'mx', currency: 'USD' },
    ],
    phonePrefix: ['+55 11', '+52 55', '+57 1', '+54 11'],
    cloudRegions: ['us-east-1', 'sa-east-1'],
  },
};

const companyStems = [
  'Northwind', 'Bluefin', 'Halcyon', 'Meridian', 'Cobalt', 'Juniper', 'Sierra', 'Harbor', 'Evergreen', 'Summit',
  'Granite', 'Lumen', 'Aster', 'Beacon', 'Cascade', 'Driftwood', 'Ember', 'Fjord', 'Gable', 'Helix',
  'Ironbark', 'Kestrel', 'Larkspur', 'Magnolia', 'Nimbus', 'Orchard', 'Pinnacle', 'Quarry', 'Redwood', 'Saffron',
  'Tamarack', 'Umber', 'Vantage', 'Willow', 'Yarrow', 'Zephyr', 'Atlas', 'Brightline', 'Copperleaf', 'Dovetail',
  'Eastgate', 'Foxglove', 'Greystone', 'Highmark', 'Inkwell', 'Jetstream', 'Keystone', 'Lakeshore', 'Marlin', 'Northgate',
  'Oakridge', 'Parkside', 'Quillon', 'Riverbend', 'Stonebridge', 'Tidewater', 'Upland', 'Verity', 'Westbrook', 'Alder',
  'Bramble', 'Crescent', 'Delta', 'Elmstead', 'Falcon', 'Glacier', 'Heron', 'Indigo', 'Jasper', 'Kingfisher',
  'Lighthouse', 'Monarch', 'Nova', 'Osprey', 'Pioneer', 'Quartz', 'Rook', 'Sequoia', 'Thistle', 'Vector',
  'Wren', 'Aurora', 'Basalt', 'Cinder', 'Dune', 'Echo', 'Flint', 'Garnet', 'Hawthorn', 'Ivory',
  'Kinetic', 'Lattice', 'Mosaic', 'Onyx', 'Prairie', 'Solstice', 'Tundra', 'Vireo', 'Wildflower', 'Zenith',
];

const companyIndustries = [
  'Logistics', 'Health', 'Labs', 'Financial', 'Analytics', 'Robotics', 'Energy', 'Foods', 'Media', 'Insurance',
  'Freight', 'Pharma', 'Retail', 'Software', 'Systems', 'Capital', 'Bank', 'Manufacturing', 'Telecom', 'Mobility',
  'Biotech', 'Learning', 'Hospitality', 'Realty', 'Aerospace', 'Payments', 'Security', 'Networks', 'Materials', 'Apparel',
  'Outfitters', 'Brands', 'Travel', 'Marine', 'Agritech', 'Clinics', 'Partners', 'Consulting', 'Markets', 'Industries',
  'Devices', 'Cloud', 'Games', 'Studios', 'Motors', 'Utilities', 'Chemicals', 'Holdings', 'Supply', 'Ventures',
];

interface NamePool {
  readonly first: readonly string[];
  readonly last: readonly string[];
}

const namePools: Readonly<Record<SalesRegion, NamePool>> = {
  NA: {
    first: ['Emily', 'Michael', 'Sarah', 'David', 'Jessica', 'James', 'Ashley', 'Robert', 'Megan', 'Daniel', 'Lauren', 'Chris', 'Olivia', 'Tyler', 'Hannah', 'Marcus', 'Priya', 'Kevin', 'Grace', 'Jamal', 'Rachel', 'Brian', 'Nicole', 'Andre', 'Maya', 'Ethan', 'Chloe', 'Jordan', 'Alyssa', 'Derek', 'Wei', 'Sofia', 'Luis', 'Tanya', 'Connor', 'Keisha'],
    last: ['Johnson', 'Williams', 'Brown', 'Miller', 'Davis', 'Garcia', 'Rodriguez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Nguyen', 'Patel', 'Kim', 'Chen', 'Rivera', 'Brooks', 'Foster', "O'Connor", 'Sullivan'],
  },
  EMEA: {
    first: ['Lukas', 'Anna', 'Felix', 'Lena', 'Jonas', 'Sophie', 'Max', 'Laura', 'Oliver', 'Amelia', 'Harry', 'Isla', 'Thomas', 'Camille', 'Julien', 'Chloé', 'Lars', 'Astrid', 'Erik', 'Ingrid', 'Pieter', 'Sanne', 'Javier', 'Lucía', 'Marco', 'Giulia', 'Katarzyna', 'Tomasz', 'Fatima', 'Omar', 'Niamh', 'Sean', 'Elif', 'Mehmet', 'Hannah', 'Matthias'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Wagner', 'Becker', 'Hoffmann', 'Smith', 'Jones', 'Evans', 'Roberts', 'Dubois', 'Laurent', 'Moreau', 'Lefèvre', 'Andersson', 'Johansson', 'Lindqvist', 'de Vries', 'van Dijk', 'Jansen', 'García', 'Fernández', 'Rossi', 'Bianchi', 'Kowalski', 'Nowak', 'Haddad', 'Murphy', 'Byrne', 'Yılmaz', 'Kaya', 'Bauer', 'Richter', 'Wolf'],
  },
  APAC: {
    first: ['Aarav', 'Priya', 'Rohan', 'Ananya', 'Vikram', 'Sneha', 'Arjun', 'Kavya', 'Rahul', 'Divya', 'Sanjay', 'Meera', 'Jack', 'Charlotte', 'Liam', 'Ruby', 'Noah', 'Mia', 'Hiroshi', 'Yuki', 'Kenji', 'Sakura', 'Wei Ling', 'Jun', 'Mei', 'Darren', 'Siti', 'Farhan', 'Aditi', 'Nikhil', 'Harper', 'Lachlan', 'Isabella', 'Tomoko', 'Ravi', 'Deepa'],
    last: ['Sharma', 'Iyer', 'Reddy', 'Nair', 'Gupta', 'Patel', 'Menon', 'Rao', 'Krishnan', 'Bose', 'Singh', 'Mehta', 'Smith', 'Wilson', 'Brown', 'Taylor', 'Mitchell', 'Campbell', 'Tanaka', 'Suzuki', 'Sato', 'Watanabe', 'Tan', 'Lim', 'Ng', 'Wong', 'Goh', 'Rahman', 'Chatterjee', 'Kapoor', 'Walsh', 'Kelly', 'Nakamura', 'Joshi', 'Pillai', 'Das'],
  },
  LATAM: {
    first: ['Mateo', 'Valentina', 'Santiago', 'Camila', 'Sebastián', 'Isabela', 'Diego', 'Mariana', 'Gabriel', 'Lucía', 'Thiago', 'Ana', 'Rafael', 'Juliana', 'Felipe', 'Daniela', 'Pedro', 'Beatriz', 'Andrés', 'Paula', 'Joaquín', 'Renata', 'Leonardo', 'Fernanda'],
    last: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Pereira', 'Costa', 'González', 'Rodríguez', 'Martínez', 'López', 'Hernández', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Flores', 'Gómez', 'Díaz', 'Castro', 'Moreno', 'Rojas', 'Almeida', 'Ribeiro', 'Carvalho'],
  },
};

/** The job titles that fit each decision-unit role, so that communication fits the role. */
export const titlesByRole = {
  economic_buyer: ['Chief Information Officer', 'VP of Operations', 'VP of Customer Experience', 'Chief Revenue Officer', 'Director of IT', 'Head of Digital', 'COO', 'VP of Engineering', 'Head of Procurement'],
  champion: ['Operations Manager', 'Revenue Operations Lead', 'Salesforce Administrator', 'Head of Support Operations', 'Program Manager', 'Business Systems Manager', 'Customer Success Director', 'Product Operations Manager'],
  technical_admin: ['IT Administrator', 'Systems Engineer', 'Identity & Access Engineer', 'Platform Engineer', 'DevOps Engineer', 'Integration Developer', 'Security Engineer', 'IT Service Owner', 'Solutions Architect'],
  end_user: ['Support Specialist', 'Account Executive', 'Data Analyst', 'Operations Analyst', 'Customer Success Manager', 'Marketing Manager', 'Finance Analyst', 'Project Coordinator', 'Sales Development Rep', 'Team Lead', 'Billing Specialist', 'HR Generalist'],
} as const;

export interface PersonName {
  readonly first: string;
  readonly last: string;
  readonly full: string;
}

export function personName(rng: Random, region: SalesRegion): PersonName {
  const pool = namePools[region];
  const first = rng.pick(pool.first);
  const last = rng.pick(pool.last);
  return { first, last, full: `${first} ${last}` };
}

/** Lower-case ASCII for e-mail local parts and domains ("Müller" → "muller", "O'Connor" → "oconnor"). */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .replace(/[^a-z0-9]+/g, '');
}

export interface CompanyName {
  readonly name: string;
  readonly domain: string;
  readonly currency: string;
}

/**
 * A company name unique within `taken` (names) and `takenDomains`. Stem × industry gives 5,000
 * combinations; the legal suffix and a numbered fallback keep even the large set unique.
 */
export function companyName(rng: Random, region: SalesRegion, taken: Set<string>, takenDomains: Set<string>): CompanyName {
  const profile = regionProfiles[region];
  for (let attempt = 0; ; attempt++) {
    const stem = rng.pick(companyStems);
    const industry = rng.pick(companyIndustries);
    const legal = rng.pick(profile.legal);
    const base = attempt < 40 ? `${stem} ${industry}` : `${stem} ${industry} ${rng.pick(['Group', 'International', 'Global', 'Worldwide', 'Holdings'])}`;
    const name = legal.suffix ? `${base} ${legal.suffix}` : base;
    let domain = `${asciiSlug(stem)}${asciiSlug(industry)}.${legal.tld}`;
    if (taken.has(name)) continue;
    for (let n = 2; takenDomains.has(domain); n++) domain = `${asciiSlug(stem)}-${asciiSlug(industry)}${n}.${legal.tld}`;
    taken.add(name);
    takenDomains.add(domain);
    return { name, domain, currency: legal.currency };
  }
}

export function phoneNumber(rng: Random, region: SalesRegion): string {
  const prefix = rng.pick(regionProfiles[region].phonePrefix);
  return `${prefix} ${rng.int(200, 989)} ${String(rng.int(0, 9999)).padStart(4, '0')}`;
}
