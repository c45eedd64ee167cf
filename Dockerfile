# Production image of GECC Assessment. Built by docker-compose.yml; see README "Deployment".
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/GeccAssessment.Web/GeccAssessment.Web.csproj src/GeccAssessment.Web/
RUN dotnet restore src/GeccAssessment.Web/GeccAssessment.Web.csproj
COPY src/ src/
RUN dotnet publish src/GeccAssessment.Web/GeccAssessment.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
RUN mkdir -p /app/logs && chown app:app /app/logs
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS=8080 \
    Gecc__LogDirectory=/app/logs
USER app
EXPOSE 8080
ENTRYPOINT ["dotnet", "GeccAssessment.Web.dll"]
