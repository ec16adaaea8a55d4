#!/usr/bin/env python3
"""Offline checks of the rendered Kubernetes manifests (no cluster needed).

    python3 deploy/k8s/validate.py                 # renders overlays/production with `kubectl kustomize`
    kubectl kustomize deploy/k8s/overlays/production | python3 deploy/k8s/validate.py -

Needs PyYAML (python3 -c 'import yaml'); kubectl (or kustomize) only when it renders itself.
Checks what a schema validator would not: that every Service, autoscaler and disruption budget points at a
Deployment that exists, that probes, resources, security context and drain settings are on every container,
that the ConfigMap and Secret references resolve, and that every environment variable given to a service is one
the services actually read (a ${VAR} placeholder in their application.yml / smart-platform.yml, or a Spring
property named on purpose below).
"""
import glob
import os
import re
import shutil
import subprocess
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("validate.py needs PyYAML (pip install pyyaml, or apt-get install python3-yaml)")

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
OVERLAY = os.path.join(HERE, "overlays", "production")

# Variables set on purpose that are not ${...} placeholders: Spring binds them to properties by relaxed binding.
RELAXED = {
    "SPRING_PROFILES_ACTIVE": "spring.profiles.active",
    "SMART_KAFKA_REPLICATION_FACTOR": "smart.kafka.replication-factor (KafkaEventsAutoConfiguration)",
}
SECRET_EXAMPLE = os.path.join(HERE, "base", "config", "secret.example.yaml")

errors = []


def fail(msg):
    errors.append(msg)


def render():
    if len(sys.argv) > 1 and sys.argv[1] == "-":
        return sys.stdin.read()
    if shutil.which("kubectl"):
        cmd = ["kubectl", "kustomize", OVERLAY]
    elif shutil.which("kustomize"):
        cmd = ["kustomize", "build", OVERLAY]
    else:
        sys.exit("neither kubectl nor kustomize found: pipe rendered manifests in with `-`")
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def known_variables():
    names = set(RELAXED)
    files = glob.glob(os.path.join(REPO, "*", "src", "main", "resources", "*.yml"))
    for path in files:
        with open(path, encoding="utf-8") as f:
            names.update(re.findall(r"\$\{([A-Z][A-Z0-9_]*)[:}]", f.read()))
    if not files:
        fail("no application.yml found under */src/main/resources: run from a checkout of the repository")
    return names


def main():
    docs = [d for d in yaml.safe_load_all(render()) if d]
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
        if d["kind"] != "Namespace" and d["metadata"].get("namespace") != "smart-support":
            fail(f"{d['kind']}/{d['metadata']['name']}: not in namespace smart-support")

    deployments = by_kind.get("Deployment", {})
    configmaps = by_kind.get("ConfigMap", {})
    variables = known_variables()
    with open(SECRET_EXAMPLE, encoding="utf-8") as f:
        secret_keys = set(yaml.safe_load(f)["stringData"])

    expected = {"gateway-service", "profile-service", "conversation-service", "llm-service", "escalation-service"}
    if set(deployments) != expected:
        fail(f"Deployments {sorted(deployments)} != {sorted(expected)}")

    for cm in configmaps.values():
        for key in cm.get("data", {}):
            if key not in variables:
                fail(f"ConfigMap {cm['metadata']['name']}: {key} is read by no service")

    for name, dep in deployments.items():
        where = f"Deployment/{name}"
        spec = dep["spec"]
        pod = spec["template"]["spec"]
        labels = spec["template"]["metadata"]["labels"]
        if "replicas" in spec:
            fail(f"{where}: sets replicas although an autoscaler owns the count")
        if spec["selector"]["matchLabels"].items() - labels.items():
            fail(f"{where}: selector does not match the pod labels")
        if pod.get("enableServiceLinks") is not False:
            fail(f"{where}: enableServiceLinks must be false (service links set *_SERVICE_PORT=tcp://...)")
        psc = pod.get("securityContext", {})
        if not psc.get("runAsNonRoot"):
            fail(f"{where}: runAsNonRoot missing")
        if not pod.get("terminationGracePeriodSeconds"):
            fail(f"{where}: terminationGracePeriodSeconds missing")
        ann = spec["template"]["metadata"].get("annotations", {})
        containers = pod["containers"]
        if len(containers) != 1:
            fail(f"{where}: expected one container")
        c = containers[0]
        named = {p["name"]: p["containerPort"] for p in c.get("ports", [])}
        if named.get("http") is None:
            fail(f"{where}: no port named http")
        # metrics and probes on the management port where there is one (the gateway: never the public port)
        port = named.get("management", named.get("http"))
        if ann.get("prometheus.io/scrape") != "true" or ann.get("prometheus.io/path") != "/actuator/prometheus" \
                or ann.get("prometheus.io/port") != str(port):
            fail(f"{where}: prometheus scrape annotations missing or wrong")
        for probe, path in (("readinessProbe", "/actuator/health/readiness"),
                            ("livenessProbe", "/actuator/health/liveness"),
                            ("startupProbe", "/actuator/health/liveness")):
            got = c.get(probe, {}).get("httpGet", {}).get("path")
            if got != path:
                fail(f"{where}: {probe} path {got!r} != {path!r}")
        res = c.get("resources", {})
        for part in ("requests", "limits"):
            for r in ("cpu", "memory"):
                if r not in res.get(part, {}):
                    fail(f"{where}: resources.{part}.{r} missing")
        if "preStop" not in c.get("lifecycle", {}):
            fail(f"{where}: no preStop hook")
        csc = c.get("securityContext", {})
        if csc.get("allowPrivilegeEscalation") is not False:
            fail(f"{where}: allowPrivilegeEscalation must be false")
        if csc.get("readOnlyRootFilesystem"):
            mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
            vols = {v["name"]: v for v in pod.get("volumes", [])}
            if "/tmp" not in mounts or "emptyDir" not in vols.get(mounts["/tmp"], {}):
                fail(f"{where}: read-only root filesystem without an emptyDir on /tmp")
        for ef in c.get("envFrom", []):
            ref = ef.get("configMapRef", {}).get("name")
            if ref and ref not in configmaps:
                fail(f"{where}: envFrom ConfigMap {ref} is not rendered")
            if "secretRef" in ef and ef["secretRef"]["name"] != "smart-support-secrets":
                fail(f"{where}: envFrom unknown Secret {ef['secretRef']['name']}")
        for e in c.get("env", []):
            if e["name"] not in variables:
                fail(f"{where}: env {e['name']} is read by no service")
            ref = e.get("valueFrom", {}).get("secretKeyRef")
            if ref and (ref["name"] != "smart-support-secrets" or ref["key"] not in secret_keys):
                fail(f"{where}: secretKeyRef {ref} not in the example Secret")

    for name, svc in by_kind.get("Service", {}).items():
        dep = deployments.get(name)
        if not dep:
            fail(f"Service/{name}: no Deployment of that name")
            continue
        labels = dep["spec"]["template"]["metadata"]["labels"]
        if svc["spec"]["selector"].items() - labels.items():
            fail(f"Service/{name}: selector matches no pod of Deployment/{name}")
        ports = {p["name"]: p["containerPort"] for p in dep["spec"]["template"]["spec"]["containers"][0]["ports"]}
        for p in svc["spec"]["ports"]:
            if p["targetPort"] not in ports and p["targetPort"] not in ports.values():
                fail(f"Service/{name}: targetPort {p['targetPort']} is not a container port")
    for name in deployments:
        if name not in by_kind.get("Service", {}):
            fail(f"Deployment/{name}: no Service")

    for name, hpa in by_kind.get("HorizontalPodAutoscaler", {}).items():
        ref = hpa["spec"]["scaleTargetRef"]
        if ref["kind"] != "Deployment" or ref["name"] not in deployments:
            fail(f"HorizontalPodAutoscaler/{name}: target {ref} not rendered")
        lo, hi = hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]
        if not 2 <= lo <= hi:
            fail(f"HorizontalPodAutoscaler/{name}: min {lo} / max {hi}")
        if hi > 12 and name != "gateway-service":  # the gateway has no Kafka consumer
            fail(f"HorizontalPodAutoscaler/{name}: max {hi} > 12 partitions: the extra consumers would idle")
    if set(by_kind.get("HorizontalPodAutoscaler", {})) != set(deployments):
        fail("not exactly one HorizontalPodAutoscaler per Deployment")

    pdbs = by_kind.get("PodDisruptionBudget", {})
    for name, pdb in pdbs.items():
        sel = pdb["spec"]["selector"]["matchLabels"]
        if not any(not (sel.items() - d["spec"]["template"]["metadata"]["labels"].items())
                   for d in deployments.values()):
            fail(f"PodDisruptionBudget/{name}: selects no pods")
    if set(pdbs) != set(deployments):
        fail("not exactly one PodDisruptionBudget per Deployment")

    if errors:
        print("\n".join(f"FAIL {e}" for e in errors))
        return 1
    print(f"OK: {len(docs)} objects ({', '.join(f'{len(v)} {k}' for k, v in sorted(by_kind.items()))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
