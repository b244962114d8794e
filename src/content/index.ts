/** The content capability's public surface: the app assembly, the CLI and other capabilities import from here only. */
export { compose, DEFAULT_STYLE } from './composer.js';
export { createContentModule, type ContentModule, type ContentModuleDeps } from './module.js';
export { contentRoutes, type ContentRoutesOptions } from './routes.js';
export type { Draft, DraftService, GenerateRequest } from './drafts.js';
export type { GeneratorName } from './generator.js';
export { Publisher } from './publisher.js';
