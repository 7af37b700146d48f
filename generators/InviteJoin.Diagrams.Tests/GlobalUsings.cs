global using InviteJoin.Reference.RoomVersions;
global using InviteJoin.Testing;
global using Xunit;
