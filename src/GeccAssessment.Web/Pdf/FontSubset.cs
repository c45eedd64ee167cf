using System.Runtime.InteropServices;
using HarfBuzzSharp;

namespace GeccAssessment.Web.Pdf;

/// <summary>
/// Cuts a TrueType font down to the glyphs a document draws, with HarfBuzz's subsetter: the native
/// libHarfBuzzSharp exports hb-subset.h but HarfBuzzSharp does not wrap it, and SkiaSharp's PDF
/// backend embeds a typeface's font program whole (its native build has no subsetter). Drawing with
/// a typeface made from the subset is how a PDF carries only what it shows (docs/adr/0024).
/// </summary>
internal static partial class FontSubset
{
    private const string HarfBuzz = "libHarfBuzzSharp";

    // hb_subset_sets_t and hb_subset_flags_t (hb-subset.h).
    private const int GlyphIndexSet = 0;
    private const int DropTableSet = 3;
    private const uint RetainGlyphIds = 0x2;
    private const uint NotdefOutline = 0x40;
    private const uint NoLayoutClosure = 0x200;

    /// <summary>
    /// Tables only a shaper reads: the document is shaped with the whole font and drawn as positioned
    /// glyphs, and a PDF reader never shapes.
    /// </summary>
    private static readonly Tag[] LayoutTables = [Tag.Parse("GSUB"), Tag.Parse("GPOS"), Tag.Parse("GDEF")];

    /// <summary>
    /// The font in <paramref name="font"/> with only <paramref name="glyphs"/> (and glyph 0) drawn,
    /// every other glyph kept as an empty one so that the ids the shaper gave stay valid. HarfBuzz
    /// keeps the cmap entries of the glyphs kept, from which Skia makes the PDF's ToUnicode map (the
    /// text a reader copies or searches). Null when HarfBuzz cannot subset it.
    /// </summary>
    public static byte[]? Make(Blob font, IEnumerable<ushort> glyphs)
    {
        var input = hb_subset_input_create_or_fail();
        if (input == 0)
        {
            return null;
        }

        try
        {
            AddAll(hb_subset_input_set(input, GlyphIndexSet), glyphs.Select(g => (uint)g).Prepend(0u));
            AddAll(hb_subset_input_set(input, DropTableSet), LayoutTables.Select(t => (uint)t));
            // Glyph 0 keeps its box: a letter Sarabun lacks (in a name) shows as a box, as with the
            // whole font, not as a gap. No closure over GSUB: the text is shaped already.
            hb_subset_input_set_flags(input, RetainGlyphIds | NotdefOutline | NoLayoutClosure);

            using var face = new Face(font, 0);
            var subset = hb_subset_or_fail(face.Handle, input);
            if (subset == 0)
            {
                return null;
            }

            var blob = hb_face_reference_blob(subset);
            try
            {
                var data = hb_blob_get_data(blob, out var length);
                if (data == 0 || length == 0)
                {
                    return null;
                }

                var bytes = new byte[length];
                Marshal.Copy(data, bytes, 0, (int)length);
                return bytes;
            }
            finally
            {
                hb_blob_destroy(blob);
                hb_face_destroy(subset);
            }
        }
        finally
        {
            hb_subset_input_destroy(input);
        }
    }

    private static void AddAll(nint set, IEnumerable<uint> values)
    {
        foreach (var value in values)
        {
            hb_set_add(set, value);
        }
    }

    [LibraryImport(HarfBuzz)]
    private static partial nint hb_subset_input_create_or_fail();

    [LibraryImport(HarfBuzz)]
    private static partial void hb_subset_input_destroy(nint input);

    [LibraryImport(HarfBuzz)]
    private static partial nint hb_subset_input_set(nint input, int setType);

    [LibraryImport(HarfBuzz)]
    private static partial void hb_subset_input_set_flags(nint input, uint value);

    [LibraryImport(HarfBuzz)]
    private static partial void hb_set_add(nint set, uint codepoint);

    [LibraryImport(HarfBuzz)]
    private static partial nint hb_subset_or_fail(nint source, nint input);

    [LibraryImport(HarfBuzz)]
    private static partial void hb_face_destroy(nint face);

    [LibraryImport(HarfBuzz)]
    private static partial nint hb_face_reference_blob(nint face);

    [LibraryImport(HarfBuzz)]
    private static partial nint hb_blob_get_data(nint blob, out uint length);

    [LibraryImport(HarfBuzz)]
    private static partial void hb_blob_destroy(nint blob);
}
