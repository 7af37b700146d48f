global using InviteJoin.Analyzers.Tests.Infrastructure;
global using InviteJoin.Testing;
global using Xunit;
