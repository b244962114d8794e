/** The dashboard capability's public surface: other capabilities, the app assembly and the CLI import from here only. */
export { dashboardRoutes } from './routes.js';
