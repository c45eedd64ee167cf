using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// A download written straight to the response as it is produced (an export of a whole cycle),
/// instead of built in memory first. A <see cref="FileResult"/>, so the download headers
/// (<see cref="DownloadHeadersFilter"/>) apply as to any other file. Once the first bytes are sent a
/// failure can only cut the download short, as for any streamed response.
/// </summary>
public sealed class StreamedFileResult : FileResult
{
    private readonly Func<Stream, CancellationToken, Task> _write;

    public StreamedFileResult(string contentType, string fileName, Func<Stream, CancellationToken, Task> write)
        : base(contentType)
    {
        FileDownloadName = fileName;
        _write = write;
    }

    public override async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.ContentType = ContentType;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(FileDownloadName);
        response.Headers.ContentDisposition = disposition.ToString();
        await _write(response.Body, context.HttpContext.RequestAborted);
    }
}
