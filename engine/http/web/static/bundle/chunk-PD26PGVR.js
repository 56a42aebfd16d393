import{a as e,b as r}from"./chunk-X6LYRJEN.js";import"./chunk-4ZSZ232K.js";import"./chunk-GINGPXMU.js";export{e as PacketModule,r as createPacketServices};
