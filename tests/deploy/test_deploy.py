"""What can be checked of `deploy/` without a cluster or a container engine.

Kubernetes manifests (kustomize): every workload has a pinned image, requests and limits,
runs as non-root, has readiness and liveness probes on a port it declares, reads only the
ConfigMap and Secret the deployment defines; every Service selects a workload; the autoscalers
target Rasa and the action server; the migration job exists. `kubectl kustomize` renders the
overlay when kubectl is installed. Dockerfiles: pinned bases, hash-checked installs, a
non-root user, only files that exist. compose: every service builds from a Dockerfile here or
a pinned image, and takes its secrets from the environment. And the scale-out settings that
Rasa's `endpoints.scale-out.yml` reads are provided by the stack, compose and Kubernetes alike.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts.stack import ROOT, SCALE_OUT_DEFAULTS

DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
WORKLOADS = {"Deployment", "StatefulSet", "Job"}
ENV_VAR = re.compile(r"\$\{([A-Z0-9_]+)")


def manifests() -> list[dict[str, Any]]:
    """Every object of the base, in file order."""
    kustomization = yaml.safe_load((K8S / "base" / "kustomization.yaml").read_text())
    found = []
    for name in kustomization["resources"]:
        found += [doc for doc in yaml.safe_load_all((K8S / "base" / name).read_text()) if doc]
    return found


def by_kind(kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for doc in manifests() if doc["kind"] == kind}


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = workload["spec"]["template"]["spec"]
    return spec


def secret_keys() -> set[str]:
    """The keys deploy/k8s/create-secrets.sh puts in `ask-secrets`."""
    script = (K8S / "create-secrets.sh").read_text()
    listed = re.search(r"keys=\(([^)]*)\)", script)
    assert listed is not None
    return set(listed.group(1).split()) | {"RABBITMQ_URL"}


def test_every_kustomization_names_files_that_exist():
    for kustomization in K8S.rglob("kustomization.yaml"):
        for resource in yaml.safe_load(kustomization.read_text())["resources"]:
            assert (kustomization.parent / resource).exists(), (kustomization, resource)


def test_every_object_is_named_and_typed():
    for doc in manifests():
        assert doc["apiVersion"] and doc["kind"] and doc["metadata"]["name"]
        assert doc["kind"] != "Secret", "secrets come from the environment, never from git"


def test_every_container_is_pinned_sized_and_unprivileged():
    workloads = [doc for doc in manifests() if doc["kind"] in WORKLOADS]
    assert {w["metadata"]["name"] for w in workloads} == {
        "api",
        "actions",
        "rasa",
        "recorder",
        "gateway",
        "api-migrate",
    }
    for workload in workloads:
        spec = pod_spec(workload)
        assert spec["securityContext"]["runAsNonRoot"] is True
        for container in spec["containers"]:
            image = container["image"]
            assert re.fullmatch(r"ask/[a-z]+:\d+\.\d+\.\d+", image), image
            resources = container["resources"]
            for kind in ("cpu", "memory"):
                assert resources["requests"][kind] and resources["limits"][kind]
            refs = {next(iter(source.values()))["name"] for source in container.get("envFrom", [])}
            assert refs == {"ask-config", "ask-secrets"}, workload["metadata"]["name"]


def _probe_port(probe: dict[str, Any]) -> Any:
    handler = probe.get("httpGet") or probe.get("tcpSocket")
    assert handler is not None
    return handler["port"]


def test_every_serving_container_has_readiness_and_liveness_on_its_own_port():
    for kind in ("Deployment", "StatefulSet"):
        for name, workload in by_kind(kind).items():
            for container in pod_spec(workload)["containers"]:
                ports = {port["name"] for port in container.get("ports", [])}
                if not ports:
                    assert name == "recorder"  # consumes only; documented in recorder.yaml
                    continue
                for probe in ("readinessProbe", "livenessProbe"):
                    assert _probe_port(container[probe]) in ports, (name, probe)


def test_every_service_selects_a_workload_and_targets_a_declared_port():
    pods = {
        tuple(sorted(w["spec"]["template"]["metadata"]["labels"].items())): w
        for kind in ("Deployment", "StatefulSet")
        for w in by_kind(kind).values()
    }
    for name, service in by_kind("Service").items():
        workload = pods.get(tuple(sorted(service["spec"]["selector"].items())))
        assert workload is not None, name
        declared = {p["name"] for c in pod_spec(workload)["containers"] for p in c["ports"]}
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in declared, name
    assert by_kind("Service")["rasa"]["spec"]["clusterIP"] == "None"  # one name per replica


def test_rasa_and_the_actions_scale_and_the_gateway_knows_every_rasa_replica():
    hpas = by_kind("HorizontalPodAutoscaler")
    targets = {
        (h["spec"]["scaleTargetRef"]["kind"], h["spec"]["scaleTargetRef"]["name"])
        for h in hpas.values()
    }
    assert targets == {("StatefulSet", "rasa"), ("Deployment", "actions")}
    config = by_kind("ConfigMap")["ask-config"]["data"]
    rasa_urls = config["RASA_URL"].split(",")
    assert rasa_urls == [f"http://rasa-{n}.rasa:5005" for n in range(len(rasa_urls))]
    assert hpas["rasa"]["spec"]["maxReplicas"] <= len(rasa_urls)
    assert by_kind("StatefulSet")["rasa"]["spec"]["serviceName"] == "rasa"


def test_the_action_timeout_stays_below_the_lock_lifetime():
    config = by_kind("ConfigMap")["ask-config"]["data"]
    assert int(config["ACTION_TIMEOUT_SECONDS"]) < int(config["TICKET_LOCK_LIFETIME"])
    assert int(SCALE_OUT_DEFAULTS["ACTION_TIMEOUT_SECONDS"]) < int(
        SCALE_OUT_DEFAULTS["TICKET_LOCK_LIFETIME"]
    )
    assert int(config["SQL_POOL_SIZE"]) + int(config["SQL_MAX_OVERFLOW"]) <= 10


def test_every_service_with_metrics_is_scraped_on_its_metrics_port():
    """The API, the gateway and the action server serve /metrics on their HTTP port, the
    recorder on EVENTS_METRICS_PORT; Rasa has none of its own yet."""
    config = by_kind("ConfigMap")["ask-config"]["data"]
    expected = {
        "api": "8000",
        "gateway": "8080",
        "actions": "5055",
        "recorder": config["EVENTS_METRICS_PORT"],
    }
    workloads = {**by_kind("Deployment"), **by_kind("StatefulSet")}
    for name, port in expected.items():
        annotations = workloads[name]["spec"]["template"]["metadata"].get("annotations") or {}
        assert annotations == {
            "prometheus.io/scrape": "true",
            "prometheus.io/port": port,
            "prometheus.io/path": "/metrics",
        }, name


def test_a_migration_job_runs_the_api_image_without_seeding():
    job = by_kind("Job")["api-migrate"]
    container = pod_spec(job)["containers"][0]
    assert container["image"].startswith("ask/api:")
    assert container["command"] == ["python", "-m", "api.cli", "init-db", "--no-seed"]


def test_rasa_reads_only_settings_every_runner_provides():
    """Each ${VAR} of endpoints.scale-out.yml: the stack, compose and Kubernetes set it."""
    text = (ROOT / "bot" / "endpoints.scale-out.yml").read_text()
    uncommented = "\n".join(line.partition("#")[0] for line in text.splitlines())
    wanted = set(ENV_VAR.findall(uncommented))
    assert wanted
    stack = set(SCALE_OUT_DEFAULTS) | {"ACTION_ENDPOINT_URL"}
    k8s = set(by_kind("ConfigMap")["ask-config"]["data"]) | secret_keys()
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    compose_rasa = set(compose["services"]["rasa-1"]["environment"])
    for provided, who in ((stack, "the stack"), (k8s, "Kubernetes"), (compose_rasa, "compose")):
        assert wanted <= provided, f"{who} lacks {sorted(wanted - provided)}"


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed here")
def test_kubectl_kustomize_renders_the_overlay():
    rendered = subprocess.run(
        ["kubectl", "kustomize", str(K8S / "overlays" / "local")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    docs = [doc for doc in yaml.safe_load_all(rendered) if doc]
    assert {doc["metadata"].get("namespace") for doc in docs if doc["kind"] != "Namespace"} == {
        "ask-shared-services"
    }
    images = {
        c["image"]
        for doc in docs
        if doc["kind"] in WORKLOADS
        for c in doc["spec"]["template"]["spec"]["containers"]
    }
    assert images == {
        f"ask/{name}:local" for name in ("api", "actions", "rasa", "recorder", "gateway")
    }


# --- Dockerfiles and compose -------------------------------------------------------------------

DOCKERFILES = sorted((DEPLOY / "docker").glob("*.Dockerfile"))


def instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", path.read_text())
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def test_there_is_a_dockerfile_per_service():
    assert [p.name for p in DOCKERFILES] == [
        f"{name}.Dockerfile" for name in ("actions", "api", "gateway", "rasa", "recorder")
    ]


@pytest.mark.parametrize("path", DOCKERFILES, ids=lambda p: p.name)
def test_a_dockerfile_pins_its_base_checks_hashes_and_drops_root(path: Path):
    steps = instructions(path)
    stages = set()
    for word, rest in steps:
        if word == "FROM":
            image = rest.split()[0]
            if image not in stages:
                assert re.fullmatch(r"python:3\.1[02]\.\d+-slim-bookworm", image), image
            if " AS " in rest.upper():
                stages.add(rest.split()[-1])
        if word in ("COPY", "ADD"):
            assert word == "COPY", "ADD can fetch URLs; COPY only copies"
            if "--from=" not in rest:
                for source in rest.split()[:-1]:
                    assert (ROOT / source).exists(), f"{path.name}: {source} is not in the repo"
        if word == "RUN" and "pip install" in rest:
            assert "--require-hashes" in rest
    words = [word for word, _ in steps]
    assert words.count("USER") == 1 and words[-1] == "CMD"
    user = next(rest for word, rest in steps if word == "USER")
    assert user not in ("root", "0")


def test_compose_builds_every_service_here_and_reads_secrets_from_the_environment():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    text = (DEPLOY / "compose.yaml").read_text()
    for name, service in compose["services"].items():
        image = service["image"]
        if "build" in service:
            assert (DEPLOY / service["build"]["context"] / service["build"]["dockerfile"]).exists()
        else:
            assert re.fullmatch(r"[a-z/]+:[0-9][\w.-]*|ask/[a-z]+:local", image), (name, image)
    for secret in (
        "JWT_SECRET",
        "GATEWAY_API_KEY",
        "EVENTS_API_KEY",
        "RASA_TOKEN",
        "POSTGRES_PASSWORD",
    ):
        assert f"${{{secret}:?" in text
    gateway = compose["services"]["gateway"]["environment"]
    assert gateway["RASA_URL"] == "http://rasa-1:5005,http://rasa-2:5005"
    assert compose["services"]["actions"]["deploy"]["replicas"] == 2


def _compose_available() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _compose_available(), reason="docker compose is not installed here")
def test_docker_compose_accepts_the_file():
    env = {"PATH": "/usr/bin:/bin:/usr/local/bin"}
    env |= dict.fromkeys(("JWT_SECRET", "GATEWAY_API_KEY", "EVENTS_API_KEY", "RASA_TOKEN"), "x")
    env |= {"POSTGRES_PASSWORD": "x", "RABBITMQ_PASSWORD": "x"}
    subprocess.run(
        ["docker", "compose", "-f", str(DEPLOY / "compose.yaml"), "config", "--quiet"],
        env=env,
        check=True,
        timeout=60,
    )
