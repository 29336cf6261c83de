using System.Collections.Concurrent;

namespace ReferenceApp.Orders.Tests;

/// <summary>
/// The wire between orders and the in-process payments service, with switches for outages:
/// everything down, only charges down, or charges (or tokenizations) that reach payments but whose responses are lost.
/// </summary>
public sealed class PaymentsLink(Func<HttpMessageHandler> server)
{
    private int responsesToLose;
    private int tokenizeResponsesToLose;

    public volatile bool AllDown;
    public volatile bool ChargesDown;

    /// <summary>During an outage, answer 503 problem responses instead of failing to connect.</summary>
    public volatile bool OutageAnswers503;

    /// <summary>Charge calls that reached payments, by Idempotency-Key.</summary>
    public ConcurrentDictionary<string, int> ChargesDelivered { get; } = new();

    public int FailedCharges => failedCharges;

    private int failedCharges;

    /// <summary>Runs once payments has tokenized a card and before orders hears the answer (say, to stop orders' database).</summary>
    public Func<Task>? AfterTokenize { get; set; }

    public void LoseNextChargeResponses(int count) => Volatile.Write(ref responsesToLose, count);

    public void LoseNextTokenizeResponses(int count) => Volatile.Write(ref tokenizeResponsesToLose, count);

    public HttpMessageHandler CreateHandler() => new Handler(this) { InnerHandler = server() };

    private sealed class Handler(PaymentsLink link) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var isCharge = request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath == "/api/payments";
            if (link.AllDown || (isCharge && link.ChargesDown))
            {
                if (isCharge)
                {
                    Interlocked.Increment(ref link.failedCharges);
                }

                return link.OutageAnswers503
                    ? new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable)
                    {
                        Content = new StringContent("""{"title":"Service unavailable","status":503}""", System.Text.Encoding.UTF8, "application/problem+json"),
                    }
                    : throw new HttpRequestException("Payments unreachable (test outage).");
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath == "/api/payments/cards")
            {
                if (link.AfterTokenize is { } afterTokenize)
                {
                    await afterTokenize();
                }

                if (Interlocked.Decrement(ref link.tokenizeResponsesToLose) >= 0)
                {
                    // Payments stored the card; orders never learns its token.
                    response.Dispose();
                    throw new HttpRequestException("Tokenize response lost (test).");
                }
            }

            if (isCharge)
            {
                link.ChargesDelivered.AddOrUpdate(request.Headers.GetValues("Idempotency-Key").Single(), 1, (_, n) => n + 1);
                if (Interlocked.Decrement(ref link.responsesToLose) >= 0)
                {
                    // Payments did the work; orders never hears about it and must replay safely.
                    response.Dispose();
                    Interlocked.Increment(ref link.failedCharges);
                    throw new HttpRequestException("Response lost (test).");
                }
            }

            return response;
        }
    }
}
