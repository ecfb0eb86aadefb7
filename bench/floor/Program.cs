// The floor for issue 19's measurements: an empty ASP.NET Core app (and, with "akka", an empty ActorSystem beside it).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls(Environment.GetEnvironmentVariable("CHARGER_HTTP_URL") ?? "http://127.0.0.1:5000");
var app = builder.Build();
Akka.Actor.ActorSystem? system = args.Contains("akka") ? Akka.Actor.ActorSystem.Create("floor") : null;
var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { success = true, message = "ok", data = new { STATE = 1 } });
app.MapGet("/health/ready", () => Results.Bytes(body, "application/json"));
app.MapGet("/api/status", () => Results.Bytes(body, "application/json"));
app.MapGet("/api/health", () => Results.Bytes(body, "application/json"));
app.Run();
GC.KeepAlive(system);
