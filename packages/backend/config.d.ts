export interface Config {
  permission?: {
    /**
     * Groups whose members may do everything, changing the catalog
     * (registering and unregistering entities and locations) included.
     * Everybody else reads the catalog and refreshes the entities they own.
     */
    adminGroups?: string[];
    /**
     * Groups whose members may do everything with readiness data (review
     * answers, export and import, recompute).
     */
    readinessAdminGroups?: string[];
  };
}
