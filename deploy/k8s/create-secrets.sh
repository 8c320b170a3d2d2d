#!/usr/bin/env bash
# Create (or replace) the Secret `ask-secrets` from the environment: nothing secret is committed.
#   JWT_SECRET=... GATEWAY_API_KEY=... EVENTS_API_KEY=... RASA_TOKEN=... \
#   DATABASE_URL=postgresql+psycopg://... RASA_TRACKER_URL=postgresql://... \
#   RABBITMQ_USER=... RABBITMQ_PASSWORD=... deploy/k8s/create-secrets.sh [namespace]
set -euo pipefail
namespace="${1:-ask-shared-services}"
keys=(JWT_SECRET GATEWAY_API_KEY EVENTS_API_KEY RASA_TOKEN DATABASE_URL RASA_TRACKER_URL
      RABBITMQ_USER RABBITMQ_PASSWORD)
args=()
for key in "${keys[@]}"; do
  if [[ -z "${!key:-}" ]]; then echo "set $key" >&2; exit 1; fi
  args+=("--from-literal=$key=${!key}")
done
rabbit_host="${RABBITMQ_HOST:-rabbitmq.data.svc.cluster.local}"
args+=("--from-literal=RABBITMQ_URL=amqp://$RABBITMQ_USER:$RABBITMQ_PASSWORD@$rabbit_host:5672/")
kubectl create secret generic ask-secrets --namespace "$namespace" "${args[@]}" \
  --dry-run=client -o yaml | kubectl apply -f -
