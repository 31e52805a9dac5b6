import client from 'prom-client';

/** Prometheus metrics (GET /metrics). One registry per process. */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

export const webhookLatency = new client.Histogram({
  name: 'motcua_webhook_duration_seconds',
  help: 'Time to acknowledge a Zalo webhook call, by HTTP status',
  labelNames: ['status'] as const,
  buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2],
  registers: [registry],
});

export const webhookEvents = new client.Counter({
  name: 'motcua_webhook_events_total',
  help: 'Webhook calls by outcome',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const zaloAnswers = new client.Counter({
  name: 'motcua_zalo_answers_total',
  help: 'Zalo API answers by endpoint and error code (NaN: no usable answer)',
  labelNames: ['endpoint', 'code'] as const,
  registers: [registry],
});

export const outboundResults = new client.Counter({
  name: 'motcua_outbound_messages_total',
  help: 'Bot messages by final status',
  labelNames: ['status'] as const,
  registers: [registry],
});

export const queueDepth = new client.Gauge({
  name: 'motcua_queue_jobs',
  help: 'Jobs per queue and state',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
});
