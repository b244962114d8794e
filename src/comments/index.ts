/** The comments capability's public surface: other capabilities, the app assembly and the CLI import from here only. */
export { defaultAnalyzer } from './default-analyzer.js';
export { commentRoutes } from './routes.js';
export {
  DmDeliveryError,
  type DmDelivery,
  type DmDeliveryMessage,
  type DmDeliveryResult,
} from './dm-delivery.js';
