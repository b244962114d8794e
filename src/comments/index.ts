/** The comments capability's public surface: other capabilities, the app assembly and the CLI import from here only. */
export { defaultAnalyzer } from './default-analyzer.js';
export { reanalyseStale } from './reanalyse.js';
export { CommentsRepository } from './repository.js';
export { commentRoutes } from './routes.js';
