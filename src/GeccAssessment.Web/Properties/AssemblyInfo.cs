[assembly: System.Resources.NeutralResourcesLanguage("th")]
