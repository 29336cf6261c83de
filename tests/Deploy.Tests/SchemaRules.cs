using k8s.Models;

namespace ReferenceApp.Deploy.Tests;

/// <summary>
/// What the OpenAPI schema requires beyond field names and types (which the strict typed round trip covers):
/// required fields and enumerated values. The subset the generator uses; each rule has a failing test.
/// </summary>
public static class SchemaRules
{
    private static readonly string[] Protocols = ["TCP", "UDP", "SCTP"];
    private static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];
    private static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] ProbeSchemes = ["HTTP", "HTTPS"];
    private static readonly string[] ServiceTypes = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
    private static readonly string[] PolicyTypes = ["Ingress", "Egress"];
    private static readonly string[] SeccompTypes = ["RuntimeDefault", "Localhost", "Unconfined"];
    private static readonly string[] Unsatisfiable = ["DoNotSchedule", "ScheduleAnyway"];
    private static readonly string[] PathTypes = ["Exact", "Prefix", "ImplementationSpecific"];
    private static readonly string[] AccessModes = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"];

    public static List<string> Check(object value)
    {
        var errors = new List<string>();
        void Require(bool condition, string message)
        {
            if (!condition)
            {
                errors.Add(message);
            }
        }

        void Enum(string? actual, string[] allowed, string field)
        {
            if (actual is not null && !allowed.Contains(actual, StringComparer.Ordinal))
            {
                errors.Add($"{field} is '{actual}', not one of {string.Join(", ", allowed)}");
            }
        }

        void Pod(V1PodTemplateSpec? template, string at)
        {
            Require(template?.Spec?.Containers is { Count: > 0 }, $"{at}.spec.containers is required");
            Enum(template?.Spec?.RestartPolicy, RestartPolicies, $"{at}.spec.restartPolicy");
            Enum(template?.Spec?.SecurityContext?.SeccompProfile?.Type, SeccompTypes, $"{at}.spec.securityContext.seccompProfile.type");
            foreach (var spread in template?.Spec?.TopologySpreadConstraints ?? [])
            {
                Require(spread.MaxSkew > 0 && !string.IsNullOrEmpty(spread.TopologyKey), $"{at}: topology spread needs maxSkew and topologyKey");
                Enum(spread.WhenUnsatisfiable, Unsatisfiable, $"{at}.spec.topologySpreadConstraints.whenUnsatisfiable");
            }

            foreach (var container in template?.Spec?.Containers ?? [])
            {
                Require(!string.IsNullOrEmpty(container.Name) && !string.IsNullOrEmpty(container.Image), $"{at}: a container needs name and image");
                Enum(container.ImagePullPolicy, PullPolicies, $"{at}.containers[{container.Name}].imagePullPolicy");
                Enum(container.SecurityContext?.SeccompProfile?.Type, SeccompTypes, $"{at}.containers[{container.Name}].securityContext.seccompProfile.type");
                foreach (var port in container.Ports ?? [])
                {
                    Require(port.ContainerPort is > 0 and < 65536, $"{at}: containerPort out of range");
                    Enum(port.Protocol, Protocols, $"{at}.containers[{container.Name}].ports.protocol");
                }

                foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe, container.StartupProbe }.OfType<V1Probe>())
                {
                    var handlers = new object?[] { probe.HttpGet, probe.TcpSocket, probe.Exec, probe.Grpc }.Count(h => h is not null);
                    Require(handlers == 1, $"{at}: a probe needs exactly one handler");
                    Enum(probe.HttpGet?.Scheme, ProbeSchemes, $"{at}.containers[{container.Name}] probe scheme");
                    Require(probe.HttpGet is null || probe.HttpGet.Port is not null, $"{at}: httpGet needs a port");
                }

                foreach (var env in container.Env ?? [])
                {
                    Require(!string.IsNullOrEmpty(env.Name), $"{at}: env needs a name");
                    Require(env.ValueFrom?.SecretKeyRef is null || (!string.IsNullOrEmpty(env.ValueFrom.SecretKeyRef.Name) && !string.IsNullOrEmpty(env.ValueFrom.SecretKeyRef.Key)),
                        $"{at}: secretKeyRef needs name and key");
                }
            }
        }

        switch (value)
        {
            case V1Deployment d:
                Require(d.Spec?.Selector is not null && d.Spec.Template is not null, "Deployment.spec.selector and template are required");
                Enum(d.Spec?.Strategy?.Type, ["RollingUpdate", "Recreate"], "Deployment.spec.strategy.type");
                Pod(d.Spec?.Template, $"Deployment/{d.Metadata?.Name}");
                break;
            case V1StatefulSet s:
                Require(s.Spec?.Selector is not null && s.Spec.Template is not null && !string.IsNullOrEmpty(s.Spec.ServiceName), "StatefulSet.spec.selector, serviceName and template are required");
                Enum(s.Spec?.UpdateStrategy?.Type, ["RollingUpdate", "OnDelete"], "StatefulSet.spec.updateStrategy.type");
                Enum(s.Spec?.PodManagementPolicy, ["OrderedReady", "Parallel"], "StatefulSet.spec.podManagementPolicy");
                foreach (var claim in s.Spec?.VolumeClaimTemplates ?? [])
                {
                    Require(claim.Spec?.Resources?.Requests?.ContainsKey("storage") == true, "a volumeClaimTemplate needs a storage request");
                    foreach (var mode in claim.Spec?.AccessModes ?? [])
                    {
                        Enum(mode, AccessModes, "volumeClaimTemplates.accessModes");
                    }
                }

                Pod(s.Spec?.Template, $"StatefulSet/{s.Metadata?.Name}");
                break;
            case V1Service service:
                Enum(service.Spec?.Type, ServiceTypes, "Service.spec.type");
                Require(service.Spec?.Ports is { Count: > 0 }, "Service.spec.ports is required");
                foreach (var port in service.Spec?.Ports ?? [])
                {
                    Require(port.Port is > 0 and < 65536, "Service port out of range");
                    Enum(port.Protocol, Protocols, "Service.spec.ports.protocol");
                }

                break;
            case V1NetworkPolicy policy:
                Require(policy.Spec?.PodSelector is not null, "NetworkPolicy.spec.podSelector is required");
                foreach (var type in policy.Spec?.PolicyTypes ?? [])
                {
                    Enum(type, PolicyTypes, "NetworkPolicy.spec.policyTypes");
                }

                foreach (var port in (policy.Spec?.Ingress ?? []).SelectMany(r => r.Ports ?? []).Concat((policy.Spec?.Egress ?? []).SelectMany(r => r.Ports ?? [])))
                {
                    Enum(port.Protocol, Protocols, "NetworkPolicy port protocol");
                }

                break;
            case V1PodDisruptionBudget pdb:
                Require(pdb.Spec?.Selector is not null, "PodDisruptionBudget.spec.selector is required");
                Require(pdb.Spec?.MinAvailable is null || pdb.Spec.MaxUnavailable is null, "PodDisruptionBudget: minAvailable and maxUnavailable are exclusive");
                break;
            case V2HorizontalPodAutoscaler hpa:
                Require(hpa.Spec?.ScaleTargetRef is { Kind: not null, Name: not null } && hpa.Spec.MaxReplicas > 0, "HPA needs scaleTargetRef and maxReplicas");
                Require(hpa.Spec?.MinReplicas is null || hpa.Spec.MinReplicas <= hpa.Spec.MaxReplicas, "HPA minReplicas above maxReplicas");
                foreach (var metric in hpa.Spec?.Metrics ?? [])
                {
                    Enum(metric.Type, ["Resource", "Pods", "Object", "External", "ContainerResource"], "HPA metric type");
                    Enum(metric.Resource?.Target?.Type, ["Utilization", "Value", "AverageValue"], "HPA metric target type");
                }

                break;
            case V1Ingress ingress:
                foreach (var path in ingress.Spec?.Rules?.SelectMany(r => r.Http?.Paths ?? []) ?? [])
                {
                    Require(path.PathType is not null && path.Backend is not null, "Ingress path needs pathType and backend");
                    Enum(path.PathType, PathTypes, "Ingress pathType");
                }

                break;
        }

        if (value is k8s.IKubernetesObject<V1ObjectMeta> typed)
        {
            Require(!string.IsNullOrEmpty(typed.ApiVersion) && !string.IsNullOrEmpty(typed.Kind), "apiVersion and kind are required");
            Require(!string.IsNullOrEmpty(typed.Metadata?.Name), "metadata.name is required");
        }

        return errors;
    }
}
