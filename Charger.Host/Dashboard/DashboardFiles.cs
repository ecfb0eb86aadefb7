using Microsoft.Extensions.FileProviders;

namespace Charger.Host.Dashboard;

/// <summary>
/// The operator dashboard: plain HTML, CSS and ES modules in <c>Dashboard/site</c>, embedded in the
/// assembly (no files to install, nothing fetched from the internet, as stations are often offline) and
/// served at <c>/</c> without a key. The pages read the API with the key the operator types into them.
/// </summary>
public static class DashboardFiles
{
    public const string ResourceRoot = "Dashboard/site";

    public static IFileProvider Files { get; } = new ManifestEmbeddedFileProvider(typeof(DashboardFiles).Assembly, ResourceRoot);

    public static IApplicationBuilder UseDashboard(this IApplicationBuilder app)
    {
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = Files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = Files,
            // Revalidate every time (an ETag makes that cheap): after an upgrade the browser never mixes old and new modules.
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}
