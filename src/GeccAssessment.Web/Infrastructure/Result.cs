namespace GeccAssessment.Web.Infrastructure;

/// <summary>
/// What a service's action came to: done, or refused with messages (resource keys and arguments),
/// which only controllers and views turn into words.
/// </summary>
public sealed record Result(IReadOnlyList<Message> Problems)
{
    public static readonly Result Ok = new([]);

    public bool Succeeded => Problems.Count == 0;

    public static Result Fail(params Message[] problems) => new(problems);

    public static implicit operator Result(Message problem) => Fail(problem);
}

/// <summary>A <see cref="Result"/> that also carries what was made or read when it succeeded.</summary>
public sealed record Result<T>(T? Value, IReadOnlyList<Message> Problems)
    where T : class
{
    public bool Succeeded => Problems.Count == 0;

    public static Result<T> Ok(T value) => new(value, []);

    public static implicit operator Result<T>(Message problem) => new(null, [problem]);
}
