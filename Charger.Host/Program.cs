// The daemon arrives with the HTTP gateway issue; until then the host only proves the kernel starts and stops.
using Charger.Actors.Kernel;

var system = ActorSystem.Create("charger");
Console.WriteLine($"{system} started; the daemon is not built yet (see README).");
await system.Terminate();
