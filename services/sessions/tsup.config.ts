import { databaseServiceBuild } from '../../tsup.service.js';

export default databaseServiceBuild;
