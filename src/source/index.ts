/**
 * The source capability's public surface: the `ThreadsSource` interface every capability reads
 * posts, counters and replies through, and its factory. The simulator's own surface (engine,
 * fault injection, HTTP server) is `simulator/index.ts`.
 */
export { createSource, type CreatedSource } from './create-source.js';
export {
  SourceError,
  type DmMessage,
  type DmResult,
  type GetCommentsOptions,
  type ListPublishedOptions,
  type NewComment,
  type PublishInput,
  type PostCounters,
  type ReplyNode,
  type SourceComment,
  type SourceErrorKind,
  type SourcePost,
  type ThreadsSource,
} from './threads-source.js';
export { startSimulatorGraph, type SimulatorGraph } from './simulator-graph.js';
