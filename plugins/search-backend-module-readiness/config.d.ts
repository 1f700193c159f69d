import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /** The readiness collator of @prodready/plugin-search-backend-module-readiness. */
      readiness?: {
        /** How often the readiness documents are indexed; every 10 minutes by default. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
