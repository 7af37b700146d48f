global using InviteJoin.Reference.Json;
global using InviteJoin.Testing;
global using Xunit;
