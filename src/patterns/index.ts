/** The patterns capability's public surface: other capabilities, the app assembly and the CLI import from here only. */
export type { ContentPatterns, Nlp, PatternResult } from './extract.js';
import type { Nlp } from './extract.js';

/** The production text analysis, loaded on first use: its models load only when a command needs them. */
export async function loadDefaultNlp(): Promise<Nlp> {
  return (await import('./nlp.js')).DEFAULT_NLP;
}
export { EMOTION_TYPES, HOOK_TYPES, type HookType } from './pattern-types.js';
export { patternPerformance } from './performance.js';
export { analyzeNewPosts } from './post-analysis.js';
export { patternRoutes } from './routes.js';
export { PatternResultSchema, ViralPostSchema, type ViralPost } from './schemas.js';
export { PatternService, summarize } from './service.js';
export { createPatternTelemetry } from './telemetry.js';
export { PostsTrajectoryReader, TrajectoryRepository } from './trajectory-repository.js';
export { trajectoryRoutes } from './trajectory-routes.js';
export { TrajectoryService } from './trajectory-service.js';
