export { startGateway, type Gateway, type GatewayOptions } from './gateway';
export { parseServerConfig, parseListen, type ServerConfig } from './config';
export { buildGatewaySchema, printGatewaySchema, emitGatewaySchema, SDL_PATH } from './schema';
