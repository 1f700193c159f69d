import { inCategory, WORKLOAD_KINDS } from './checkDefinition';

export const scalabilityChecks = inCategory('scalability', [
  {
    id: 'scalability.sizing',
    title: 'Infrastructure sized for expected load',
    question:
      'Has the server, serverless or container infrastructure been sized for the expected load?',
    guidance:
      'Good: a capacity estimate (requests per second, data volume, peak factor) and the instance, pod or function size chosen from it. Evidence: the capacity estimate or sizing decision record.',
    level: 'bronze',
    appliesTo: WORKLOAD_KINDS,
    roles: ['architect'],
    seedRefs: [
      'f0191064:checklist.8',
      'd684a747:scalability.behaviour-under-load',
    ],
  },
  {
    id: 'scalability.load-test',
    title: 'Realistic load test run',
    question:
      'Has a realistic load test (for example with k6, Gatling or JMeter) been run while monitoring performance?',
    guidance:
      'Good: a load test that exercises real user journeys from the regions users are in, not one page from one place, run against production-like infrastructure while dashboards (IBM Cloud Monitoring, CloudWatch, Prometheus, Datadog) record latency and saturation. Evidence: the dated test report. Repeat at least yearly and after major changes.',
    gate: true,
    level: 'silver',
    weight: 2,
    appliesTo: WORKLOAD_KINDS,
    expiresAfterDays: 365,
    roles: ['test-manager', 'architect'],
    seedRefs: [
      'f0191064:checklist.9',
      'd684a747:scalability.realistic-load-tests',
      'd684a747:checklist.11.loop-back',
    ],
  },
  {
    id: 'scalability.autoscaling',
    title: 'Resized from the load test, autoscaling tuned',
    question:
      'Has the infrastructure been resized to what the load test showed, and do workloads and the infrastructure beneath them scale automatically, with limits tuned from the load test?',
    guidance:
      'Good: instance, pod or function sizes changed to what the load test measured (up or down, then tested again), and autoscaling at both the workload level (e.g. Kubernetes HPA, serverless concurrency) and the infrastructure level (cluster autoscaler, managed instance groups), with minimums that survive a zone loss. Evidence: the resizing decision and the autoscaler configuration.',
    appliesTo: WORKLOAD_KINDS,
    roles: ['sysadmin', 'architect'],
    seedRefs: [
      'f0191064:checklist.10.resize',
      'f0191064:checklist.10.autoscale',
      'd684a747:scalability.pod-and-infra-autoscaling',
    ],
  },
  {
    id: 'scalability.scalable-integration',
    title: 'Scalable integration between services',
    question:
      'Can load grow and new services be added without a redesign (asynchronous messaging, queues, CDN for static content)?',
    guidance:
      'Good: services talk through messaging (Kafka/IBM Event Streams, MQ, SQS, Pub/Sub) where synchronous REST would couple their scaling, and static content is served by a CDN. Evidence: the architecture document.',
    level: 'gold',
    appliesTo: WORKLOAD_KINDS,
    roles: ['architect'],
    seedRefs: [
      'd684a747:scalability.cdn',
      'd684a747:scalability.scalable-communication',
    ],
  },
]);
