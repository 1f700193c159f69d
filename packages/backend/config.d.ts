export interface Config {
  permission?: {
    /**
     * Groups whose members may do everything with readiness data (review
     * answers, export and import, recompute) under the demo policy.
     */
    readinessAdminGroups?: string[];
  };
}
