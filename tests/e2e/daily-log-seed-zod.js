// Imported first by daily-log-seed.js, before any schema is built: zod decides per schema, when it is created,
// whether to compile a fast path with `new Function`, which the app's CSP forbids. Its own probe for that does
// not work from code evaluated by the test driver, so the seed bundle says so up front.
import { config } from 'zod';

config({ jitless: true });
