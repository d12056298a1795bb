// The Text Chat API's answers as the CLI prints them; the client itself is @parley/client.
export type * from './api-types.js';
