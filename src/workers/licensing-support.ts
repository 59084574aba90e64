/** Lookups the licensing workers share. */
import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../errors.js';
import { ApplicationEntity } from '../licensing/application.entity.js';
import type { City, Regions } from '../licensing/regions.js';

/** The application a process works on; an incident when it does not exist. */
export async function applicationOf(manager: EntityManager, applicationId: string): Promise<ApplicationEntity> {
  const app = await manager.getRepository(ApplicationEntity).findOneBy({ id: applicationId });
  NotFoundError.assert(app, 'NOT_FOUND', `Application ${applicationId} does not exist`);
  return app;
}

/** The city that handles an application. */
export function cityOf(regions: Regions, app: ApplicationEntity): City {
  const city = regions.cityOf(app.regionCode);
  NotFoundError.assert(city, 'NOT_FOUND', `Region ${app.regionCode} of application ${app.id} is not in this province`);
  return city;
}
