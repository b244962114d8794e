import { fileURLToPath } from 'node:url';

/**
 * Where Vite writes the dashboard and where the server reads it. The same relative path works
 * from `src/dashboard/` (tsx, tests) and from `dist/dashboard/` (compiled), since both sit two
 * levels below the package root.
 */
export const DASHBOARD_BUILD_DIR = fileURLToPath(new URL('../../dist/dashboard/web/', import.meta.url));
