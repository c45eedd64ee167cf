using GeccAssessment.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GeccAssessment.BrowserTests;

/// <summary>The shell at the assessors' laptop size (1366 × 768): the menu on one line, its groups opened by keyboard (js/menu.js); on a phone, folded behind its button.</summary>
[Collection("browser")]
public class LayoutTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(Roles.Secretariat + "," + Roles.Admin)]
    [InlineData(Roles.Assessor + "," + Roles.SubcommitteeChair)]
    [InlineData(Roles.SteeringCommittee)]
    public async Task The_menu_fits_one_line_at_1366_pixels_and_my_assessments_is_only_for_assessors(string roleList)
    {
        var roles = roleList.Split(',');
        var email = $"layout-{Guid.NewGuid():N}@layout.test";
        var user = await browser.App.CreateUserAsync(email, roles[0], displayName: "ผู้ใช้ที่มีชื่อยาวมากสำหรับการทดสอบเมนู " + email);
        await using (var scope = browser.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<GeccAssessment.Web.Data.ApplicationUser>>();
            await users.AddToRolesAsync((await users.FindByIdAsync(user.Id))!, roles.Skip(1));
        }

        var page = await browser.SignedInPageAsync(email);
        try
        {
            var tops = await page.Locator("#main-nav > .navbar-nav > .nav-item").EvaluateAllAsync<double[]>("items => items.map(i => i.getBoundingClientRect().top)");
            Assert.NotEmpty(tops);
            Assert.All(tops, top => Assert.Equal(tops[0], top, 1.0));
            var height = await page.Locator("header nav.navbar").EvaluateAsync<double>("n => n.getBoundingClientRect().height");
            Assert.True(height < 80, $"the navbar is {height}px high: more than one line");

            var mine = page.Locator("#main-nav").GetByRole(AriaRole.Link, new() { Name = "งานประเมินของฉัน", Exact = true });
            if (roles.Contains(Roles.Assessor))
            {
                await Expect(mine).ToBeVisibleAsync();
            }
            else
            {
                await Expect(mine).ToHaveCountAsync(0);
            }

            // A group opens by keyboard and its pages are links.
            var group = page.Locator("#main-nav .dropdown-toggle").First;
            if (await group.CountAsync() > 0)
            {
                await group.FocusAsync();
                await page.Keyboard.PressAsync("Enter");
                await Expect(page.Locator("#main-nav .dropdown-menu.show a").First).ToBeVisibleAsync();
                await Expect(group).ToHaveAttributeAsync("aria-expanded", "true");

                // Escape closes it and gives the focus back; the space bar opens it as a button's would; a click elsewhere closes it.
                await page.Keyboard.PressAsync("Escape");
                await Expect(page.Locator("#main-nav .dropdown-menu.show")).ToHaveCountAsync(0);
                await Expect(group).ToBeFocusedAsync();
                await Expect(group).ToHaveAttributeAsync("aria-expanded", "false");
                await page.Keyboard.PressAsync(" ");
                await Expect(page.Locator("#main-nav .dropdown-menu.show a").First).ToBeVisibleAsync();
                await page.Mouse.ClickAsync(1360, 760);
                await Expect(page.Locator("#main-nav .dropdown-menu.show")).ToHaveCountAsync(0);
            }

            // On a phone the menu folds behind its button, which shows it.
            await page.SetViewportSizeAsync(375, 700);
            await Expect(page.Locator("#main-nav")).ToBeHiddenAsync();
            await page.Locator("button.navbar-toggler").ClickAsync();
            await Expect(page.Locator("#main-nav")).ToBeVisibleAsync();
            await Expect(page.Locator("button.navbar-toggler")).ToHaveAttributeAsync("aria-expanded", "true");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
