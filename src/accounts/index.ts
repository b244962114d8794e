/** The accounts capability's public surface: other capabilities, the app assembly and the CLI import from here only. */
export { createAccountsModule, type AccountsModule } from './module.js';
export { accountRoutes } from './routes.js';
