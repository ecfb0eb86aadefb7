using Charger.Actors.Kernel;
using Charger.Tests.TestKit;

namespace Charger.Tests.Kernel;

public sealed class ActorPathTests : ActorTestBase
{
    [Theory]
    [InlineData("link")]
    [InlineData("charger-1")]
    [InlineData("a_b.c:d@e&f=g+h,i!j~k*l'm;n$o")]
    [InlineData("with%20escape")]
    public void Valid_names_are_accepted(string name) => Assert.True(ActorPath.IsValidName(name));

    [Theory]
    [InlineData("")]
    [InlineData("$generated")]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("bad%2")]
    [InlineData("bad%zz")]
    [InlineData("ümlaut")]
    [InlineData("#hash")]
    public void Invalid_names_are_rejected(string name) => Assert.False(ActorPath.IsValidName(name));

    [Fact]
    public void Paths_name_the_system_and_the_hierarchy()
    {
        var actor = Sys.ActorOf(Props.Create<TestActors.Echo>(), "echo");
        Assert.Equal("charger://test/user/echo", actor.Path.ToString());
        Assert.Equal("/user/echo", actor.Path.Local);
        Assert.Equal("echo", actor.Path.Name);
        Assert.Equal(2, actor.Path.Depth);
    }

    [Fact]
    public void An_invalid_child_name_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<TestActors.Echo>(), "no spaces"));
        Assert.Contains("[no spaces]", e.Message);
    }

    [Fact]
    public void A_duplicate_child_name_is_a_clear_error()
    {
        Sys.ActorOf(Props.Create<TestActors.Echo>(), "twin");
        var e = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<TestActors.Echo>(), "twin"));
        Assert.Contains("not unique", e.Message);
        Assert.Contains("/user", e.Message);
    }

    [Fact]
    public void A_name_is_free_again_once_its_actor_has_stopped()
    {
        var probe = CreateProbe();
        var first = Sys.ActorOf(Props.Create<TestActors.Echo>(), "reused");
        probe.Watch(first);
        Sys.Stop(first);
        probe.ExpectTerminated(first);
        var second = Sys.ActorOf(Props.Create<TestActors.Echo>(), "reused");
        Assert.NotSame(first, second);
    }

    [Fact]
    public void Generated_names_are_unique_and_marked_with_a_dollar()
    {
        var a = Sys.ActorOf(Props.Create<TestActors.Echo>());
        var b = Sys.ActorOf(Props.Create<TestActors.Echo>());
        Assert.StartsWith("$", a.Path.Name);
        Assert.NotEqual(a.Path, b.Path);
    }

    [Fact]
    public void An_invalid_system_name_is_rejected()
    {
        Assert.Throws<InvalidActorNameException>(() => ActorSystem.Create("bad name"));
    }

    [Fact]
    public void Actors_cannot_be_created_with_new()
    {
        var e = Assert.Throws<ActorInitializationException>(() => new TestActors.Echo());
        Assert.Contains("ActorOf", e.Message);
    }
}
