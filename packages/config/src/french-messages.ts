import { z } from 'zod';

// zod's own messages, wherever a schema gives none of its own, are French: a citizen or an agent
// may read them in a 422 problem or a tenant file's error. Set once for the process, on importing
// @guichet/config, which every entry point does first (server, worker, benchmarks; the tests'
// setup file).
z.config(z.locales.fr());
