namespace ReferenceApp.Deploy.Input;

/// <summary>Reads an image reference (registry/name:tag[@digest]) the way the container runtime does.</summary>
public static class ImageReference
{
    /// <summary>The tag, or null when the reference has none (a colon before the last slash is a registry port).</summary>
    public static string? TagOf(string image)
    {
        var name = image.Split('@')[0];
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        return colon > slash ? name[(colon + 1)..] : null;
    }
}
