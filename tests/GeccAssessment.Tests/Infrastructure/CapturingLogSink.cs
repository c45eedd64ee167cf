using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace GeccAssessment.Tests.Infrastructure;

public sealed class CapturingLogSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyCollection<LogEvent> Events => _events;

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>Each event as it would be written: message, properties and exception.</summary>
    public IEnumerable<string> RenderedEvents() =>
        _events.Select(e => e.RenderMessage() + " " + string.Join(" ", e.Properties.Select(p => $"{p.Key}={p.Value}")) + " " + e.Exception);
}
