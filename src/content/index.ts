/** The content engine's public surface: the app assembly imports from here only. */
export { contentRoutes } from './routes.js';
