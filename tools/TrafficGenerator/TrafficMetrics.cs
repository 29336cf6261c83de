using System.Diagnostics.Metrics;

namespace ReferenceApp.TrafficGenerator;

/// <summary>What the shoppers saw, on the meter "ReferenceApp.TrafficGenerator": the split and the errors from the client's side.</summary>
public sealed class TrafficMetrics
{
    public const string MeterName = "ReferenceApp.TrafficGenerator";

    private readonly Counter<long> answers;
    private readonly Counter<long> failures;

    public TrafficMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        answers = meter.CreateCounter<long>("referenceapp.traffic.answers", "{answer}", "Answers shoppers got, by step, version and status code.");
        failures = meter.CreateCounter<long>("referenceapp.traffic.failures", "{failure}", "Steps that got no answer at all.");
    }

    public void Answered(string step, string version, int statusCode) => answers.Add(1,
        new KeyValuePair<string, object?>("step", step),
        new KeyValuePair<string, object?>("version", version),
        new KeyValuePair<string, object?>("http.response.status_code", statusCode));

    public void Failed(string reason) => failures.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
