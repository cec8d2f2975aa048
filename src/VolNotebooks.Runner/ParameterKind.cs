namespace VolNotebooks.Runner;

/// <summary>The element types a notebook parameter can have and be set from the command line.</summary>
internal enum ParameterKind
{
    /// <summary><see cref="bool"/>: <c>true</c> or <c>false</c>.</summary>
    Bool,

    /// <summary><see cref="int"/>.</summary>
    Int,

    /// <summary><see cref="uint"/>.</summary>
    UInt,

    /// <summary><see cref="long"/>.</summary>
    Long,

    /// <summary><see cref="ulong"/>.</summary>
    ULong,

    /// <summary><see cref="float"/>, finite.</summary>
    Float,

    /// <summary><see cref="double"/>, finite.</summary>
    Double,

    /// <summary><see cref="decimal"/>.</summary>
    Decimal,

    /// <summary><see cref="string"/>, taken verbatim.</summary>
    String,

    /// <summary><see cref="System.DateOnly"/>, written <c>yyyy-MM-dd</c>.</summary>
    DateOnly,

    /// <summary><see cref="System.DateTime"/>, written ISO 8601.</summary>
    DateTime,

    /// <summary><see cref="System.TimeSpan"/>, written <c>[d.]hh:mm[:ss[.fffffff]]</c>.</summary>
    TimeSpan,

    /// <summary>A member of the enum type named by the default.</summary>
    Enum,
}
