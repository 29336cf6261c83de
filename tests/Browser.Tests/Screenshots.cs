using Microsoft.Playwright;

namespace ReferenceApp.BrowserTests;

/// <summary>Saves the final page of each scenario under artifacts/screenshots/ at the repository root (git-ignored).</summary>
public static class Screenshots
{
    public static string Directory { get; } = Find();

    public static async Task SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.AddAttachment(name, path);
    }

    private static string Find()
    {
        var screenshots = RepositoryRoot.Combine("artifacts", "screenshots");
        System.IO.Directory.CreateDirectory(screenshots);
        return screenshots;
    }
}
