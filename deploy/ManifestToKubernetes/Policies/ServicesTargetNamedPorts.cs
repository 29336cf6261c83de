using k8s.Models;
using ReferenceApp.Deploy.Builders;

namespace ReferenceApp.Deploy.Policies;

/// <summary>Services, ServiceMonitors and Ingress backends reach named ports that exist, so renaming a port cannot break routing unnoticed.</summary>
public sealed class ServicesTargetNamedPorts : IPolicyRule
{
    public const string Id = "services-target-named-ports";

    public string Name => Id;

    public IEnumerable<string> Check(ObjectSet set)
    {
        // The not-public Service has no selector on purpose: Ingress paths routed to it reach no pod.
        foreach (var service in set.Of<V1Service>().Where(s => s.Metadata.Name != IngressBuilder.NotPublicService || s.Spec?.Selector is not null))
        {
            var pods = set.Workloads.Where(w => service.Spec?.Selector is { Count: > 0 } s && LabelSelectors.Subset(s, w.PodLabels)).ToList();
            if (pods.Count == 0)
            {
                yield return $"Service/{service.Metadata.Name}: its selector matches no pod template.";
                continue;
            }

            foreach (var port in service.Spec!.Ports ?? [])
            {
                if (string.IsNullOrEmpty(port.Name))
                {
                    yield return $"Service/{service.Metadata.Name}: port {port.Port} has no name.";
                }

                if (port.TargetPort?.Value is not { } target || int.TryParse(target, out _))
                {
                    yield return $"Service/{service.Metadata.Name}: port {port.Name} must target a named container port.";
                }
                else if (pods.Any(p => !p.Containers.Any(c => c.Ports?.Any(cp => cp.Name == target) == true)))
                {
                    yield return $"Service/{service.Metadata.Name}: targetPort '{target}' is not a named port of every selected pod.";
                }
            }
        }

        foreach (var monitor in set.Custom("ServiceMonitor"))
        {
            var selector = LabelSelectors.SelectorFromSpec(monitor, "selector");
            var services = set.Of<V1Service>().Where(s => selector is not null && LabelSelectors.Selects(selector, s.Metadata.Labels)).ToList();
            foreach (var endpoint in LabelSelectors.Items(monitor.Spec.GetValueOrDefault("endpoints")))
            {
                var port = endpoint.GetValueOrDefault("port") as string;
                if (!services.Any(s => s.Spec?.Ports?.Any(p => p.Name == port) == true))
                {
                    yield return $"ServiceMonitor/{monitor.Metadata.Name}: endpoint port '{port}' is not a port of a selected Service.";
                }
            }
        }

        foreach (var ingress in set.Of<V1Ingress>())
        {
            foreach (var backend in ingress.Spec?.Rules?.SelectMany(r => r.Http?.Paths ?? []).Select(p => p.Backend?.Service) ?? [])
            {
                var service = set.Of<V1Service>().FirstOrDefault(s => s.Metadata.Name == backend?.Name);
                if (service is null || !(service.Spec?.Ports?.Any(p => p.Name == backend!.Port?.Name || p.Port == backend.Port?.Number) ?? false))
                {
                    yield return $"Ingress/{ingress.Metadata.Name}: backend {backend?.Name}:{backend?.Port?.Name ?? backend?.Port?.Number?.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a Service port.";
                }
            }
        }
    }
}
