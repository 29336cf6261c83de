using Microsoft.Extensions.Time.Testing;
using ReferenceApp.Orders.Apis;
using ReferenceApp.Orders.Outbox;

namespace ReferenceApp.Orders.Tests.Unit;

public sealed class RetryScheduleTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)]
    [InlineData(500, 60)]
    public void Delays_double_up_to_the_cap_and_jitter_stays_in_the_upper_half(int attempt, int ceilingSeconds)
    {
        var low = new RetrySchedule(Base, Max, () => 0.0).DelayAfter(attempt);
        var high = new RetrySchedule(Base, Max, () => 1.0).DelayAfter(attempt);

        Assert.Equal(TimeSpan.FromSeconds(ceilingSeconds / 2.0), low);
        Assert.Equal(TimeSpan.FromSeconds(ceilingSeconds), high);
    }

    [Fact]
    public void Jitter_spreads_replicas_that_failed_together()
    {
        var random = new Random(42);
        var schedule = new RetrySchedule(Base, Max, random.NextDouble);
        var delays = Enumerable.Range(0, 20).Select(_ => schedule.DelayAfter(4)).ToHashSet();
        Assert.True(delays.Count > 1);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)));
    }

    [Fact]
    public void The_next_attempt_is_scheduled_on_the_given_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var schedule = new RetrySchedule(Base, Max, () => 1.0);

        var next = schedule.NextAttemptAt(time.GetUtcNow(), 3);
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(time.GetUtcNow() < next);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(time.GetUtcNow() >= next);
    }
}

public sealed class OrderCursorTests
{
    [Fact]
    public void A_cursor_round_trips()
    {
        var createdAt = new DateTimeOffset(2026, 11, 26, 12, 0, 0, 123, TimeSpan.Zero);
        var id = Guid.NewGuid();

        Assert.True(OrderCursor.TryDecode(OrderCursor.Encode(createdAt, id), out var position));
        Assert.Equal((createdAt, id), position);
    }

    [Theory]
    [InlineData("garbage!")]
    [InlineData("")]
    [InlineData("MTIzNDU")]
    public void A_bad_cursor_is_refused(string cursor) => Assert.False(OrderCursor.TryDecode(cursor, out _));
}
