/** The one Dexie instance of this window, owned by the data layer. */
export { cacheDb } from '../data';
