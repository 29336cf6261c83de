using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ReferenceApp.Orders.Ordering;
using ReferenceApp.Orders.Outbox;
using ReferenceApp.Payments.Tests;
using ReferenceApp.Testing;

namespace ReferenceApp.Orders.Tests;

/// <summary>Orders (one or more replicas) and payments in-process, each on its own real database.</summary>
public sealed class OrdersSystem : IAsyncDisposable
{
    public static string GoodCard => $$"""{"number":"4242 4242 4242 4242","expiry":"{{TestCards.FutureExpiry}}","cvc":"123"}""";

    public static string DeclinedCard => $$"""{"number":"4000000000000002","expiry":"{{TestCards.FutureExpiry}}","cvc":"123"}""";

    /// <summary>The signed-in customer <see cref="Client"/> and <see cref="PlaceAsync"/> act as; the body's customerId is ignored.</summary>
    public const string Customer = "customer-1";

    private readonly List<OrdersApp> replicas = [];
    private readonly string ordersConnectionString;

    private OrdersSystem(PaymentsApp payments, string ordersConnectionString)
    {
        Payments = payments;
        this.ordersConnectionString = ordersConnectionString;
        Link = new PaymentsLink(() => payments.Server.CreateHandler());
    }

    public PaymentsApp Payments { get; }

    public PaymentsLink Link { get; }

    public OrdersApp Orders => replicas[0];

    public HttpClient Client { get; private set; } = null!;

    public string OrdersConnectionString => ordersConnectionString;

    /// <param name="ordersServer">Another server for ordersdb, so a test can stop it while payments keeps its database.</param>
    public static async Task<OrdersSystem> StartAsync(
        PostgresServer server, string version = "v1", IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
        PostgresServer? ordersServer = null)
    {
        var payments = new PaymentsApp(await server.CreateDatabaseAsync($"payments_{Guid.NewGuid():N}"));
        _ = payments.Server; // started (and migrated) before orders, as the AppHost would have it
        var system = new OrdersSystem(payments, await (ordersServer ?? server).CreateDatabaseAsync($"orders_{Guid.NewGuid():N}"));
        system.Client = system.AddReplica(version, settings, services).CreateClient().WithToken(TestTokens.Customer(Customer));
        return system;
    }

    /// <summary>
    /// A system whose outbox only the test dispatches (through <see cref="PaymentDispatch"/>): the background loops sleep a
    /// minute on the fake clock and a new order does not wake them.
    /// </summary>
    public static Task<OrdersSystem> StartWithHandDrivenDispatchAsync(
        PostgresServer server, TimeProvider time, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Orders:Outbox:PollIntervalMs"] = "60000",
            ["Orders:Outbox:WakeOnNewOrder"] = "false",
        };
        return StartAsync(server, settings: all, services: s => s.AddSingleton(time));
    }

    /// <summary>Another orders process on the same database, as orders-v1 and orders-v2 are.</summary>
    public OrdersApp AddReplica(string version, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = new OrdersApp(ordersConnectionString, Link, version, settings, services);
        replicas.Add(app);
        _ = app.Server; // start it: migrations and the outbox dispatcher run from here
        return app;
    }

    public static string OrderJson(string customerId = "customer-1", string items = """[{"productId":"coffee-beans-1kg","quantity":2}]""", string? card = null) =>
        $$"""{"customerId":"{{customerId}}","items":{{items}},"card":{{card ?? GoodCard}}}""";

    /// <summary>A client of the first replica signed in as <paramref name="customerId"/>.</summary>
    public HttpClient ClientAs(string customerId) => Orders.CreateClient().WithToken(TestTokens.Customer(customerId));

    /// <summary>The customer reading its payments at payments, as the storefront would through the gateway.</summary>
    public HttpClient PaymentsReader(string customerId = Customer) => Payments.Customer(customerId);

    /// <param name="client">Any replica's client; one without a token of its own places as <see cref="Customer"/>.</param>
    public Task<HttpResponseMessage> PlaceAsync(string? idempotencyKey, string json, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if ((client ?? Client).DefaultRequestHeaders.Authorization is null)
        {
            request.Headers.Authorization = TestTokens.Bearer(TestTokens.Customer(Customer));
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return (client ?? Client).SendAsync(request);
    }

    public async Task<JsonElement> PlaceOkAsync(string json, HttpClient? client = null)
    {
        var response = await PlaceAsync(Guid.NewGuid().ToString(), json, client);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<JsonElement> GetOrderAsync(string id) => await Client.GetFromJsonAsync<JsonElement>($"/api/orders/{id}");

    /// <summary>Polls until every order has left Pending; the timeout is only a safety net against hanging.</summary>
    public async Task<Dictionary<string, string>> WaitUntilSettledAsync(IEnumerable<string> ids, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        var pending = ids.ToList();
        var statuses = new Dictionary<string, string>();
        while (true)
        {
            await using var connection = new NpgsqlConnection(ordersConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select id::text, status from orders where id::text = any($1)", connection)
            {
                Parameters = { new() { Value = pending.ToArray() } },
            };
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    statuses[reader.GetString(0)] = reader.GetString(1);
                }
            }

            if (pending.All(id => statuses.TryGetValue(id, out var s) && s != "Pending"))
            {
                return statuses;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Orders still pending: {string.Join(", ", pending.Where(id => statuses.GetValueOrDefault(id) is null or "Pending"))}");
            await Task.Delay(50);
        }
    }

    public async Task<long> CountAsync(string table) => await ScalarAsync<long>(ordersConnectionString, $"select count(*) from {table}");

    /// <summary>Row counts of both databases, once earlier orders' payments and card releases are done (they are writes too).</summary>
    public async Task<Dictionary<string, long>> CountAllAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await CountAsync("outbox where processed_at is null") > 0 || replicas.Any(r => r.Services.GetRequiredService<CardReleases>().Unfinished > 0))
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return await CountNowAsync();
    }

    private async Task<Dictionary<string, long>> CountNowAsync() => new()
    {
        ["orders"] = await CountAsync("orders"),
        ["order_lines"] = await CountAsync("order_lines"),
        ["outbox"] = await CountAsync("outbox"),
        ["idempotency_requests"] = await CountAsync("idempotency_requests"),
        ["payments.cards"] = await Payments.CountAsync("cards"),
        ["payments.payments"] = await Payments.CountAsync("payments"),
    };

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }

        await Payments.DisposeAsync();
    }
}
