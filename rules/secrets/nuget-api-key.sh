# ruleid: nuget-api-key
dotnet nuget push bin/Release/*.nupkg --api-key oy2gseyhftxoa345bklhudt65setqrt77ry2ixn3z2aiir --source https://api.nuget.org/v3/index.json
# ruleid: nuget-api-key
NUGET_API_KEY=oy2610m1i3kvj53v1rv7njh5k3fty46asez60hasfmphlg
# ok: nuget-api-key
dotnet nuget push bin/Release/*.nupkg --api-key $NUGET_API_KEY --source https://api.nuget.org/v3/index.json
# ok: nuget-api-key
NUGET_API_KEY=oy2aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
# ok: nuget-api-key
NUGET_API_KEY=oy2<key>
# ok: nuget-api-key
NUGET_API_KEY=os.environ["NUGET_API_KEY"]
# upper case: not a NuGet key
# ok: nuget-api-key
ID=oy29AJC0OO5EDQCY7S4XOYFNEKDN7L2L9D01G56BJLEUUL
