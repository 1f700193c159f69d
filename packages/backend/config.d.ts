export interface Config {
  permission?: {
    /**
     * Groups whose members may do everything, changing the catalog
     * (registering and unregistering entities and locations) included.
     * Everybody else reads the catalog and refreshes the entities they own.
     * Group refs (`portal-admins` or `group:default/portal-admins`); any
     * other ref fails startup.
     */
    adminGroups?: string[];
    /**
     * Groups whose members may do everything with readiness data (review
     * answers, export and import, recompute). Group refs, as adminGroups.
     */
    readinessAdminGroups?: string[];
  };
  /** The demo portal's own settings (app-config.demo.yaml). */
  demo?: {
    /** Seeds example exemptions into an empty database at start. */
    seedExemptions?: boolean;
  };
  auth?: {
    providers?: {
      /**
       * The demo's "Act as" sign-in (src/modules/demoSignIn.ts); present
       * only in the demo's configuration, never in a deployment's.
       */
      demo?: {};
    };
  };
}
