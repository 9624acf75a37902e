import * as z from 'zod';

/**
 * Zod compiles object parsers with `new Function` when it may; the portal's CSP has no
 * 'unsafe-eval', and even zod's caught probe is reported as a violation. Jitless before any
 * schema is built (this module is imported first): the same checks, interpreted.
 */
z.config({ jitless: true });
