from .helpers import create, server

NET = "networking.k8s.io"


def ingress_class(name, default=None):
    meta = {"name": name}
    if default is not None:
        meta["annotations"] = {"ingressclass.kubernetes.io/is-default-class": default}
    return {"apiVersion": f"{NET}/v1", "kind": "IngressClass", "metadata": meta,
            "spec": {"controller": "k8s.io/ingress-nginx"}}


def ingress(name, annotations=None, **spec):
    meta = {"name": name, **({"annotations": annotations} if annotations else {})}
    return {"apiVersion": f"{NET}/v1", "kind": "Ingress", "metadata": meta,
            "spec": {"defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}, **spec}}


def test_an_ingress_without_a_class_gets_the_newest_default():
    api = server()
    create(api, "ingressclasses", ingress_class("nginx", "true"), ns=None, group=NET)
    api.clock.advance(3)
    create(api, "ingressclasses", ingress_class("traefik", "true"), ns=None, group=NET)
    out = create(api, "ingresses", ingress("web"), group=NET)
    assert out["spec"]["ingressClassName"] == "traefik"
    assert api.admission.records_for("web", "default")[-1].steps[0]["plugin"] == "DefaultIngressClass"


def test_a_named_class_or_the_legacy_annotation_is_kept():
    api = server()
    create(api, "ingressclasses", ingress_class("nginx", "true"), ns=None, group=NET)
    assert create(api, "ingresses", ingress("a", ingressClassName="haproxy"), group=NET)["spec"][
        "ingressClassName"] == "haproxy"
    out = create(api, "ingresses", ingress("b", {"kubernetes.io/ingress.class": "x"}), group=NET)
    assert "ingressClassName" not in out["spec"]
    assert not api.admission.records_for("b", "default")


def test_no_default_class_no_change():
    api = server()
    create(api, "ingressclasses", ingress_class("nginx"), ns=None, group=NET)
    assert "ingressClassName" not in create(api, "ingresses", ingress("a"), group=NET)["spec"]
