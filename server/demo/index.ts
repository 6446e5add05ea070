export { loadDemo, demoMetaKey, type DemoLoadContext, type DemoLoadResult, type LoadDemoOptions } from './load';
export {
  generateDemo,
  collectDemo,
  demoSizes,
  DEFAULT_DEMO_SEED,
  type DemoSize,
  type DemoBatch,
  type DemoDataSet,
  type DemoRowTypes,
  type GenerateDemoOptions,
} from './generate';
export { DEMO_PASSWORD, demoLoginAgents } from './staff';
