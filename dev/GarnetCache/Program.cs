using System.Runtime.InteropServices;
using Garnet;

// Microsoft Garnet, a Redis-compatible server written in .NET, for local runs on machines without redis-server.
// The AppHost starts this process and passes Garnet's own options (port, bind address, data folders, memory sizes):
// see AppHost/Infrastructure/LocalGarnet.cs.
using var server = new GarnetServer(args);
server.Start();
Console.WriteLine("Garnet is ready to accept connections");

// SIGTERM (the orchestrator's stop) and SIGINT end the process after the append-only file is committed,
// so a stopped cache keeps what it acknowledged.
var stop = new TaskCompletionSource();
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
await stop.Task;
await server.Store.CommitAOFAsync(CancellationToken.None);
Console.WriteLine("Garnet stopped");
return;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}
